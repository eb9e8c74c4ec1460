"""A broken content file is reported with its file, line and key, and the rest still loads."""

from pathlib import Path

from kiosk.content import load_content

SERVICE = """\
  - id: {id}
    name: {name}
    summary: A service for testing.
    who: {who}
    how: Phone us.
"""


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def replace(folder: Path, name: str, old: str, new: str) -> int:
    """Replace `old` (written once in the file); the line (from 1) it was on."""
    text = (folder / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    write(folder, name, text.replace(old, new))
    return text[: text.index(old)].count("\n") + 1


def shipped_counts() -> tuple[int, int, int]:
    content, _problems = load_content()
    return len(content.services), len(content.organisations), len(content.places)


def test_a_syntax_error_names_the_file_and_line_and_the_other_files_load(content_dir: Path):
    write(content_dir, "places.yaml", "places:\n  - id: library\n    name: [Central\n")
    content, problems = load_content(content_dir)
    assert [(p.file, p.line) for p in problems] == [("places.yaml", 4)]
    assert "not valid YAML" in str(problems[0])
    assert str(problems[0]).startswith("places.yaml, line 4: ")
    assert content.places == ()
    services, organisations, _places = shipped_counts()
    assert (len(content.services), len(content.organisations)) == (services, organisations)
    assert content.charter is not None


def test_a_missing_key_leaves_out_only_that_service(content_dir: Path):
    line = replace(
        content_dir,
        "services.yaml",
        "    who: town_council\n    how: Phone Eastbrook Town Council to join the waiting list.\n",
        "    how: Phone Eastbrook Town Council to join the waiting list.\n",
    )
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        f"services.yaml, line {line - 3}: service 'allotments': 'who' is missing"
    ]
    ids = {service.id for service in content.services}
    assert "allotments" not in ids
    assert len(ids) == shipped_counts()[0] - 1


def test_an_unknown_organisation_names_the_service_and_suggests_one(content_dir: Path):
    text = "services:\n" + SERVICE.format(id="bins", name="Bins", who="counci")
    text += SERVICE.format(id="parks", name="Parks", who="borough_councl")
    text += SERVICE.format(id="crime", name="Crime", who="police")
    write(content_dir, "services.yaml", text)
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "services.yaml, line 5: service 'bins': 'who' names an unknown organisation 'counci'",
        "services.yaml, line 10: service 'parks': 'who' names an unknown organisation"
        " 'borough_councl'; did you mean 'borough_council'?",
    ]
    assert [service.id for service in content.services] == ["crime"]


def test_a_time_that_is_not_a_time_leaves_out_that_place(content_dir: Path):
    line = replace(
        content_dir,
        "places.yaml",
        'wednesday: [["09:00", "19:30"]]',
        'wednesday: [["09:00", "25:00"]]',
    )
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        f"places.yaml, line {line}: place 'central_library', 'wednesday', session 1:"
        " '25:00' is not a time: write hours and minutes, like \"09:00\""
    ]
    assert "central_library" not in {place.id for place in content.places}
    assert len(content.places) == shipped_counts()[2] - 1


def test_an_unknown_form_suggests_the_right_one(content_dir: Path):
    line = replace(
        content_dir,
        "services.yaml",
        "    form: housing_repair\n",
        "    form: housing_repairs\n",
    )
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        f"services.yaml, line {line}: service 'council_homes_repairs':"
        " 'housing_repairs' is not a kiosk form; did you mean 'housing_repair'?"
    ]
    assert "council_homes_repairs" not in {service.id for service in content.services}


def test_a_form_nothing_like_any_lists_them_all(content_dir: Path):
    replace(content_dir, "services.yaml", "    form: housing_repair\n", "    form: xyz\n")
    _content, problems = load_content(content_dir)
    assert "(use one of: street_problem, housing_repair, complaint," in problems[0].message


def test_closing_before_opening_and_overlapping_sessions(content_dir: Path):
    write(
        content_dir,
        "places.yaml",
        """\
places:
  - id: hall
    name: Hall
    address: [High Street]
    postcode: RV1 1AA
    offers: [Help.]
    hours:
      monday: [["17:00", "09:00"]]
      tuesday: [["09:00", "13:00"], ["12:00", "16:00"]]
  - id: library
    name: Library
    address: [Library Square]
    postcode: RV1 3CD
    offers: [Books.]
    hours:
      monday: [["09:00", "12:30"], ["13:30", "17:00"]]
""",
    )
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "places.yaml, line 8: place 'hall', 'monday', session 1:"
        " it closes at 09:00, which is not after it opens at 17:00",
        "places.yaml, line 9: place 'hall', 'tuesday':"
        " sessions 1 and 2 overlap: one must end before the next one starts",
    ]
    assert [place.id for place in content.places] == ["library"]


def test_closures_need_real_dates_once_each(content_dir: Path):
    write(
        content_dir,
        "places.yaml",
        """\
places:
  - id: hall
    name: Hall
    address: [High Street]
    postcode: rv1 1aa
    offers: [Help.]
    hours: {}
    closures:
      - date: 2026-02-30
        reason: Training
      - date: 24/12/2026
        reason: Christmas Eve
        hours: [["09:00"]]
""",
    )
    _content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "places.yaml, line 5: place 'hall': 'rv1 1aa' is not a postcode:"
        " use capital letters and one space, like RV1 2AB",
        "places.yaml, line 11: place 'hall', closure on 24/12/2026:"
        " '24/12/2026' is not a date: write year-month-day, like 2026-12-24",
        "places.yaml, line 13: place 'hall', closure on 24/12/2026, session 1:"
        ' the session must be two times, like ["09:00", "17:00"]',
    ]
    write(
        content_dir,
        "places.yaml",
        """\
places:
  - id: hall
    name: Hall
    address: [High Street]
    postcode: RV1 1AA
    offers: [Help.]
    hours: {}
    closures:
      - date: 2026-02-30
        reason: Training
      - date: 2026-12-24
        reason: Christmas Eve
      - date: 2026-12-24
        reason: Christmas Eve again
""",
    )
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "places.yaml, line 9: place 'hall', closure on 2026-02-30: '2026-02-30' is not a real date",
        "places.yaml, line 13: place 'hall', closure on 2026-12-24: 2026-12-24 is listed twice",
    ]
    assert content.places == ()


def test_a_misspelt_key_or_day_suggests_the_right_one(content_dir: Path):
    line = replace(content_dir, "places.yaml", 'wednesday: [["10:00", "17:00"]]', "wensday: []")
    replace(content_dir, "charter.yaml", "we_ask:", "we_asks:")
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "charter.yaml, line 3: 'we_ask' is missing",
        "charter.yaml, line 26: 'we_asks' is not a key used here; did you mean 'we_ask'?",
        f"places.yaml, line {line}: place 'joint_service_centre':"
        " 'wensday' is not a key used here; did you mean 'wednesday'?",
    ]
    assert content.charter is None
    assert "joint_service_centre" not in {place.id for place in content.places}


def test_a_broken_promise_is_left_out_but_the_charter_stays(content_dir: Path):
    line = replace(
        content_dir,
        "charter.yaml",
        "  - text: We will treat you fairly",
        "  - txt: We will treat you fairly",
    )
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        f"charter.yaml, line {line}: promise 10: 'text' is missing",
        f"charter.yaml, line {line}: promise 10: 'txt' is not a key used here;"
        " did you mean 'text'?",
    ]
    assert content.charter is not None
    assert len(content.charter.promises) == 9


def test_wrong_kinds_of_value(content_dir: Path):
    write(
        content_dir,
        "organisations.yaml",
        """\
organisations:
  - id: Borough Council
    name: Riverside Borough Council
    does: Collects bins.
    phone: call us
    web: riverside.example.gov.uk
  - id: police
    name:
    does: []
""",
    )
    content, problems = load_content(content_dir)
    messages = [str(p) for p in problems if p.file == "organisations.yaml"]
    assert messages == [
        "organisations.yaml, line 2: organisation 'Borough Council': 'Borough Council' is not a"
        " usable id for 'id': use small letters a to z, numbers and _, starting with a letter",
        "organisations.yaml, line 4: organisation 'Borough Council': 'does' must be a list,"
        " each item on its own line starting with '-'",
        "organisations.yaml, line 5: organisation 'Borough Council': 'call us' is not a phone"
        " number: use numbers and spaces only, like 01632 960000",
        "organisations.yaml, line 6: organisation 'Borough Council': 'riverside.example.gov.uk'"
        " is not a web address: write it in full, like https://www.example.gov.uk",
        "organisations.yaml, line 8: organisation 'police': 'name' is empty",
        "organisations.yaml, line 9: organisation 'police': 'does' needs at least 1 item",
    ]
    assert content.organisations == {}


def test_services_stay_when_their_organisation_is_broken_not_unknown(content_dir: Path):
    replace(content_dir, "organisations.yaml", "    phone: 01632 960300\n", "    phone: none\n")
    content, problems = load_content(content_dir)
    assert [p.file for p in problems] == ["organisations.yaml"]
    allotments = next(service for service in content.services if service.id == "allotments")
    assert content.organisation_for(allotments) is None
    assert "town_council" not in content.organisations


def test_services_stay_when_the_organisations_file_cannot_be_read(content_dir: Path):
    (content_dir / "organisations.yaml").unlink()
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == ["organisations.yaml: The file is missing."]
    assert len(content.services) == shipped_counts()[0]
    assert content.organisations == {}


def test_an_id_used_twice(content_dir: Path):
    text = "services:\n" + SERVICE.format(id="bins", name="Bins", who="borough_council")
    text += SERVICE.format(id="bins", name="Bins again", who="borough_council")
    write(content_dir, "services.yaml", text)
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "services.yaml, line 7: service 'bins': the id 'bins' is already used on line 2;"
        " give each one its own id"
    ]
    assert [service.name for service in content.services] == ["Bins"]


def test_a_key_written_twice_is_reported(content_dir: Path):
    text = "services:\n" + SERVICE.format(id="bins", name="Bins", who="borough_council")
    write(content_dir, "services.yaml", text + "    how: Use the website.\n")
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "services.yaml, line 7: 'how' is written twice here; only the last one is used"
    ]
    assert content.services[0].how == "Use the website."


def test_a_file_with_the_wrong_top_level_is_left_out(content_dir: Path):
    write(content_dir, "services.yaml", "- id: bins\n")
    write(content_dir, "charter.yaml", "")
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "charter.yaml: The file must be a set of keys, each on its own line like 'title: ...'",
        "services.yaml, line 1: The file must be a set of keys, each on its own line like"
        " 'title: ...'",
    ]
    assert content.services == ()
    assert content.charter is None


def test_an_entry_that_is_not_a_set_of_keys(content_dir: Path):
    text = "services:\n  - bins\n" + SERVICE.format(id="crime", name="Crime", who="police")
    write(content_dir, "services.yaml", text)
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "services.yaml, line 2: service 1: the entry must be a set of keys,"
        " each on its own line like 'name: ...'"
    ]
    assert [service.id for service in content.services] == ["crime"]


def test_not_utf8(content_dir: Path):
    (content_dir / "charter.yaml").write_bytes("title: Caf\u00e9\n".encode("latin-1"))
    content, problems = load_content(content_dir)
    assert [str(p) for p in problems] == [
        "charter.yaml: The file is not UTF-8 text. Save it again as UTF-8."
    ]
    assert content.charter is None


def test_times_numbers_and_dates_stay_as_written(content_dir: Path):
    """Plain YAML would read 17:00 as 1020 and 999 as a number; these files do not."""
    write(
        content_dir,
        "organisations.yaml",
        "organisations:\n  - id: police\n    name: Police\n    does: [Answers calls.]\n"
        "    phone: 999\n",
    )
    write(
        content_dir,
        "places.yaml",
        "places:\n  - id: hall\n    name: Hall\n    address: [High Street]\n"
        "    postcode: RV1 1AA\n    offers: [Help.]\n    hours:\n      monday: [[09:00, 17:00]]\n"
        "    closures:\n      - date: 2026-12-24\n        reason: No\n",
    )
    content, problems = load_content(content_dir)
    assert [p.file for p in problems] == ["services.yaml"] * len(problems)
    assert content.organisations["police"].phone == "999"
    (place,) = content.places
    assert str(place.hours[0][0].closes) == "17:00:00"
    assert [closure.reason for closure in place.closures.values()] == ["No"]
