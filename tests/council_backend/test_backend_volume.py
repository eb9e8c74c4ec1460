"""A kiosk that was offline for a day drains its backlog through batches."""

from typing import Any


def test_ten_thousand_items_in_batches_of_500_are_all_stored(api: Any) -> None:
    references: set[str] = set()
    for start in range(0, 10_000, 500):
        items = [
            {
                "idempotency_key": f"key-{n:05d}",
                "kind": "street_problem",
                "reference": f"K-{n:05d}",
                "created_at": "2026-11-23T10:15:00.000000Z",
                "payload": {"n": n, "problem": "graffiti"},
            }
            for n in range(start, start + 500)
        ]
        response = api.batch({"items": items})
        assert response.status_code == 200
        results = response.json()["results"]
        assert [r["status"] for r in results] == [201] * 500
        assert [r["idempotency_key"] for r in results] == [i["idempotency_key"] for i in items]
        references.update(r["body"]["reference"] for r in results)

    assert len(references) == 10_000
    assert api.received() == 10_000
    last_page = api.get("/submissions", params={"page": 10, "per_page": 1000}).json()
    assert last_page["total"] == 10_000
    assert last_page["items"][-1]["idempotency_key"] == "key-09999"
    assert last_page["items"][-1]["payload"] == {"n": 9999, "problem": "graffiti"}
