# The two set-up commands are `make demo` and `make test`; each installs what is missing first.
.PHONY: setup demo test bench lint catalogues

setup:
	@bash scripts/setup.sh

demo: setup
	@.venv/bin/kiosk demo

test: setup
	@QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q

bench: setup
	@QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/run.py

lint: setup
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy offline_queue kiosk council_backend && .venv/bin/lint-imports

catalogues: setup
	@.venv/bin/python scripts/update_catalogues.py
