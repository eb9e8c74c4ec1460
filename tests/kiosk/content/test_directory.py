"""Find a service: the A to Z and the search."""

import pytest

from kiosk.content import Service, load_content, normalise, search_services, services_by_letter


def service(service_id: str, name: str, summary: str = "A service.", *keywords: str) -> Service:
    return Service(
        id=service_id,
        name=name,
        summary=summary,
        who="borough_council",
        how="Phone us.",
        form=None,
        phone=None,
        web=None,
        keywords=keywords,
    )


SERVICES = (
    service("bins", "Bins and recycling", "Collections of rubbish.", "rubbish", "dustbin"),
    service("blue_badge", "Blue Badge parking permits", "Parking for disabled people."),
    service("council_tax", "Council Tax", "Pay your bill.", "bill", "band"),
    service("meetings", "Council meetings", "Watch a meeting.", "councillor"),
    service("eclair", "Éclairs and cafés", "Cakes."),
    service("dial", "111 and other numbers", "Phone numbers."),
    service("roads", "Roads, pavements and potholes", "Broken pavements.", "pothole"),
)


def ids(services: list[Service]) -> list[str]:
    return [found.id for found in services]


def test_normalise_ignores_case_accents_and_punctuation():
    assert normalise("  Éclairs, and   CAFÉS! ") == "eclairs and cafes"
    assert normalise("Children's Centre") == "children s centre"


def test_a_to_z_has_only_letters_with_services_in_order():
    groups = services_by_letter(SERVICES)
    assert list(groups) == ["B", "C", "E", "R", "#"]
    assert ids(groups["B"]) == ["bins", "blue_badge"]
    assert ids(groups["C"]) == ["meetings", "council_tax"]  # by name: "Council meetings" first
    assert ids(groups["E"]) == ["eclair"]
    assert ids(groups["#"]) == ["dial"]


def test_a_to_z_by_the_names_the_citizen_sees():
    polish = {"Bins and recycling": "Śmieci i recykling", "Council Tax": "Podatek lokalny"}
    groups = services_by_letter(SERVICES[:3], translate=lambda text: polish.get(text, text))
    assert {letter: ids(found) for letter, found in groups.items()} == {
        "B": ["blue_badge"],
        "P": ["council_tax"],
        "S": ["bins"],
    }


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Council Tax", "council_tax"),
        ("council tax", "council_tax"),
        ("bin", "bins"),
        ("BINS", "bins"),
        ("dustbin", "bins"),
        ("rubish", "bins"),
        ("counsil tax", "council_tax"),
        ("how do I pay my council tax", "council_tax"),
        ("potholes", "roads"),
        ("eclair", "eclair"),
        ("cafe", "eclair"),
        ("councillor", "meetings"),
    ],
)
def test_search_finds_the_best_match_first(text: str, first: str):
    found = search_services(SERVICES, text)
    assert found and found[0].id == first


def test_search_keeps_only_services_that_match_the_most_words():
    assert ids(search_services(SERVICES, "council tax")) == ["council_tax"]
    # Equally good matches keep the A to Z order.
    assert ids(search_services(SERVICES, "council")) == ["meetings", "council_tax"]


@pytest.mark.parametrize("text", ["", "   ", "xyzzy", "the", "b", "zz top"])
def test_search_with_no_match_finds_nothing(text: str):
    assert search_services(SERVICES, text) == []


def test_short_words_are_not_guessed():
    """A typo is forgiven only in longer words: "bim" would match too much."""
    assert search_services(SERVICES, "bim") == []


def test_search_in_the_citizens_language():
    polish = {"Bins and recycling": "Śmieci i recykling"}
    found = search_services(SERVICES, "smieci", translate=lambda text: polish.get(text, text))
    assert ids(found) == ["bins"]
    assert ids(search_services(SERVICES, "smieci")) == []


def test_search_the_shipped_services():
    content, _problems = load_content()
    for text, first in [
        ("bin", "bins"),
        ("rubish", "bins"),
        ("pothole", "roads"),
        ("homeless", "homelessness"),
        ("smell gas", "gas_leaks"),
        ("vote", "electoral_register"),
        ("baby", "births"),
        ("council tax", "council_tax"),
        ("blue badge", "blue_badge"),
        ("suicide", "mental_health_crisis"),
    ]:
        found = search_services(content.services, text)
        assert found and found[0].id == first, (text, ids(found))
    repairs = {"council_homes_repairs", "housing_association_repairs", "private_renting"}
    assert set(ids(search_services(content.services, "damp"))) == repairs


@pytest.mark.parametrize(
    "words",
    ["বিন পার্কিং", "બિન પાર્કિંગ", "ਬਿਨ ਪਾਰਕਿੰਗ", "फ़ोन नंबर"],  # Bengali, Gujarati, Punjabi, Hindi
)
def test_vowel_signs_and_joiners_stay_in_their_words(words: str):
    """In these scripts a mark is a vowel or a joiner: dropping it would break a word apart."""
    import unicodedata

    assert normalise(f"  {words}!") == unicodedata.normalize("NFKD", words)


def test_short_vowels_in_arabic_script_do_not_matter():
    assert normalise("كُتُب") == normalise("كتب")


@pytest.mark.parametrize("code", ["bn", "gu", "pa"])
def test_bins_in_an_indic_language_finds_the_bins_not_every_service(code: str):
    from kiosk.i18n import in_language

    services = load_content()[0].services
    bins = next(s for s in services if s.name == "Bins and recycling")
    first_word = in_language(code, bins.name).split()[0]

    found = search_services(services, first_word, translate=lambda text: in_language(code, text))

    assert found[0] is bins
    assert len(found) < len(services) // 4  # marks dropped, it matched nearly everything
