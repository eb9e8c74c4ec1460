"""`make bench`: every benchmark figure of the project, as one JSON object on standard output."""

import json
import platform
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import hub_bench, journey_bench, outbox_bench


def main() -> None:
    figures: dict[str, object] = {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    figures.update(outbox_bench.enqueue_figures())
    figures.update(outbox_bench.drain_figures())
    figures.update(journey_bench.cold_start_figures())
    figures.update(journey_bench.journey_figures())
    figures.update(journey_bench.language_figures())
    figures.update(journey_bench.ticket_figures())
    figures.update(hub_bench.run())
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
