"""The content the kiosk ships with loads cleanly and keeps the rules in docs/content.md."""

import re

import pytest

from kiosk.content import FORM_IDS, Content, load_content, translatable_texts


@pytest.fixture(scope="module")
def content() -> Content:
    loaded, problems = load_content()
    assert [str(problem) for problem in problems] == []
    return loaded


def test_every_part_loads(content: Content):
    assert len(content.services) >= 40
    assert {"borough_council", "county_council", "police", "nhs"} <= set(content.organisations)
    assert len(content.places) == 5
    assert content.charter is not None
    assert len(content.charter.promises) >= 8


def test_services_are_sorted_by_name(content: Content):
    names = [service.name.casefold() for service in content.services]
    assert names == sorted(names)


def test_every_service_has_its_organisation(content: Content):
    for service in content.services:
        organisation = content.organisation_for(service)
        assert organisation is not None, service.id
        assert organisation.id == service.who


def test_the_councils_split_the_work_as_in_a_two_tier_area(content: Content):
    who = {service.id: service.who for service in content.services}
    assert who["bins"] == "borough_council"
    assert who["council_tax"] == "borough_council"
    assert who["roads"] == "county_council"
    assert who["adult_social_care"] == "county_council"
    assert who["school_admissions"] == "county_council"
    assert who["crime"] == "police"
    assert who["nhs_111"] == "nhs"


def test_a_service_with_a_form_says_the_kiosk_can_do_it(content: Content):
    for service in content.services:
        if service.form:
            assert service.form in FORM_IDS
            assert "this kiosk" in service.how, service.id
        else:
            assert "this kiosk" not in service.how, service.id


def test_every_form_is_offered_by_some_service(content: Content):
    assert {service.form for service in content.services if service.form} == set(FORM_IDS)


def test_urgent_services_say_what_to_do_now(content: Content):
    by_id = {service.id: service for service in content.services}
    for service_id in ("homelessness", "mental_health_crisis", "domestic_abuse", "gas_leaks"):
        assert by_id[service_id].urgent, service_id


def test_phone_numbers_are_fictional_or_well_known_national_ones(content: Content):
    national = {"999", "101", "111", "0800 111 999", "116 123", "0808 2000 247"}
    numbers: list[str] = []
    numbers += [org.phone for org in content.organisations.values() if org.phone]
    numbers += [service.phone for service in content.services if service.phone]
    for text in translatable_texts(content):
        numbers += re.findall(r"\b0[0-9 ]{9,}[0-9]\b", text)
    for number in numbers:
        assert number in national or re.fullmatch(r"01632 960[0-9]{3}", number), number


def test_texts_are_whole_sentences_and_labels_are_not(content: Content):
    """Each text is translated on its own, so a sentence is never split over two keys."""
    sentences: list[str] = []
    labels: list[str] = []
    for organisation in content.organisations.values():
        labels.append(organisation.name)
        sentences += [*organisation.does, *filter(None, [organisation.emergency])]
    for service in content.services:
        labels.append(service.name)
        sentences += [service.summary, service.how, *filter(None, [service.urgent])]
    for place in content.places:
        labels += [place.name, *(closure.reason for closure in place.closures.values())]
        sentences += [*place.offers, *place.accessibility]
    assert content.charter is not None
    sentences += [content.charter.introduction, *content.charter.we_ask, content.charter.comments]
    sentences += [promise.text for promise in content.charter.promises]
    for text in sentences:
        assert text[0].isupper() and text.endswith((".", "?")), text
        assert "  " not in text and "\n" not in text, text
    for text in labels:
        assert not text.endswith("."), text


def test_keywords_are_only_for_search_and_not_translated(content: Content):
    texts = set(translatable_texts(content))
    bins = next(service for service in content.services if service.id == "bins")
    assert "rubbish" in bins.keywords
    assert "rubbish" not in texts
    assert bins.name in texts and bins.how in texts


def test_translatable_texts_have_no_repeats(content: Content):
    texts = translatable_texts(content)
    assert len(texts) == len(set(texts))
    assert "Our customer charter" in texts
    assert "Christmas Eve" in texts
