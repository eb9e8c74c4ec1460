"""The layers of DESIGN.md, kept by import-linter: a lower layer never imports a higher one."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_the_layers_are_kept():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def test_the_domain_loads_no_widgets():
    """import-linter cannot forbid part of a package; importing every kiosk module can."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "kiosk").rglob("*.py")
        if path.name != "__main__.py"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6.QtWidgets', 'ui'))]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert len(modules) > 3


def test_the_contract_catches_a_layer_crossed(tmp_path: Path):
    """Not a vacuous contract: a copy where offline_queue imports Qt and kiosk fails it."""
    for name in ("offline_queue", "kiosk", "ui", "council_backend"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "offline_queue" / "crossed.py").write_text(
        "import PySide6.QtCore\nimport kiosk.settings\n", encoding="utf-8"
    )
    (tmp_path / "council_backend" / "crossed.py").write_text(
        "import offline_queue\n", encoding="utf-8"
    )
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Contracts: 1 kept, 2 broken" in result.stdout
    assert "offline_queue.crossed -> PySide6 (l.1)" in result.stdout
    assert "offline_queue.crossed -> kiosk.settings" in result.stdout
