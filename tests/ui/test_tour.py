from pathlib import Path

from PySide6.QtGui import QImage

from ui.tour import TourOptions, run_tour


def test_the_tour_renders_every_page_of_a_form_in_both_orientations(tmp_path: Path, qapp):
    count = run_tour(str(tmp_path), TourOptions(forms=("call_back",)))
    pictures = sorted(tmp_path.rglob("*.png"))
    assert count == len(pictures) > 20
    names = {p.name.split("-", 1)[1] for p in pictures}
    for expected in (
        "home.png",
        "call_back-phone-errors.png",
        "call_back-phone-filled.png",
        "call_back-check-answers.png",
        "call_back-receipt.png",
        "more-time.png",
        "info-services.png",
    ):
        assert expected in names
    landscape = QImage(str(next(tmp_path.glob("1920x1080/en-100/*home.png"))))
    portrait = QImage(str(next(tmp_path.glob("1080x1920/en-100/*home.png"))))
    assert (landscape.width(), landscape.height()) == (1920, 1080)
    assert (portrait.width(), portrait.height()) == (1080, 1920)
