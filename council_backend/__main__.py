"""python -m council_backend: see council_backend.cli."""

from council_backend.cli import main

raise SystemExit(main())
