import json

import pytest

from council_backend.validation import (
    MAX_PAYLOAD_BYTES,
    Rejected,
    batch_items,
    check_idempotency_key,
    parse_json,
    validate_submission,
)


def body(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"kind": "street_problem", "payload": {"problem": "graffiti"}}
    base.update(fields)
    return base


def test_a_good_submission() -> None:
    checked = validate_submission(
        body(reference="K7QM-4XRT-P", created_at="2026-11-23T10:15:00.000000Z")
    )
    assert checked.kind == "street_problem"
    assert checked.kiosk_reference == "K7QM-4XRT-P"
    assert checked.created_at == "2026-11-23T10:15:00.000000Z"
    assert json.loads(checked.payload_json) == {"problem": "graffiti"}


def test_reference_and_created_at_are_optional() -> None:
    checked = validate_submission(body(reference=None))
    assert checked.kiosk_reference is None
    assert checked.created_at is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": None}, "has no 'kind'"),
        ({"kind": "Street"}, "starting with a letter"),
        ({"kind": "1abc"}, "starting with a letter"),
        ({"kind": "a" * 65}, "1 to 64 characters"),
        ({"kind": "street\n"}, "1 to 64 characters"),
        ({"kind": 7}, "1 to 64 characters"),
        ({"reference": "R" * 65}, "65 characters; at most 64"),
        ({"reference": 12}, "must be text"),
        ({"created_at": "yesterday"}, "ISO 8601"),
        ({"payload": [1, 2]}, "payload must be a JSON object"),
        ({"payload": "text"}, "payload must be a JSON object"),
        ({"payload": {"bad": "\ud800"}}, "not valid Unicode"),
    ],
)
def test_failures_are_422_with_a_message(fields: dict[str, object], message: str) -> None:
    with pytest.raises(Rejected, match=message) as caught:
        validate_submission(body(**fields))
    assert caught.value.status == 422


def test_missing_payload() -> None:
    with pytest.raises(Rejected, match="no 'payload'"):
        validate_submission({"kind": "street_problem"})


def test_not_an_object() -> None:
    with pytest.raises(Rejected, match="must be a JSON object"):
        validate_submission(["kind"])


def test_the_limit_is_on_the_compact_utf8_payload() -> None:
    # {"t":"..."} is 8 bytes around the text.
    at_limit = {"t": "x" * (MAX_PAYLOAD_BYTES - 8)}
    assert validate_submission(body(payload=at_limit))
    with pytest.raises(Rejected, match="1,048,577 bytes") as caught:
        validate_submission(body(payload={"t": "x" * (MAX_PAYLOAD_BYTES - 7)}))
    assert caught.value.status == 413


def test_services_limit_kinds() -> None:
    assert validate_submission(body(), services={"street_problem"})
    with pytest.raises(Rejected) as caught:
        validate_submission(body(kind="parking_permit"), services={"street_problem"})
    assert caught.value.status == 422
    assert caught.value.message == "The council does not take 'parking_permit' submissions yet"


@pytest.mark.parametrize("key", ["a", "A-z_09", "k" * 64, "0f8fad5b-d9cb-469f-a165-70867728950e"])
def test_good_keys(key: str) -> None:
    assert check_idempotency_key(key, 400) == key


@pytest.mark.parametrize("key", [None, "", "k" * 65, "has space", "semi;colon", 12, "é"])
def test_bad_keys_get_the_given_status(key: object) -> None:
    with pytest.raises(Rejected, match="idempotency key") as caught:
        check_idempotency_key(key, 422)
    assert caught.value.status == 422


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{", "not valid JSON"),
        (b'{"x": NaN}', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_json(raw: bytes, message: str) -> None:
    with pytest.raises(Rejected, match=message):
        parse_json(raw)


@pytest.mark.parametrize(
    ("envelope", "message"),
    [
        ([], "must be a JSON object"),
        ({}, "no 'items' list"),
        ({"items": {}}, "no 'items' list"),
        ({"items": []}, "no items"),
        ({"items": [{}] * 501}, "501 items; at most 500"),
    ],
)
def test_bad_batch_envelopes(envelope: object, message: str) -> None:
    with pytest.raises(Rejected, match=message) as caught:
        batch_items(envelope)
    assert caught.value.status == 422


def test_a_full_batch_is_fine() -> None:
    assert len(batch_items({"items": [{}] * 500})) == 500
