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
    """Beyond what import-linter reads: importing every kiosk module loads no Qt and no screen,
    even through an import made at run time."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "kiosk").rglob("*.py")
        if path.name != "__main__.py"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert len(modules) > 3


# One crossing for each rule of DESIGN.md: (module, its imports, what lint-imports reports).
CROSSINGS = {
    "kiosk/crossed_screens.py": ("import ui.app\n", ["kiosk.crossed_screens -> ui.app (l.1)"]),
    "kiosk/crossed_qt.py": (
        "import PySide6.QtCore\nimport shiboken6\n",
        ["kiosk.crossed_qt -> PySide6 (l.1)", "kiosk.crossed_qt -> shiboken6 (l.2)"],
    ),
    "offline_queue/crossed.py": (
        "import PySide6.QtCore\nimport kiosk.settings\n",
        ["offline_queue.crossed -> PySide6 (l.1)", "offline_queue.crossed -> kiosk.settings (l.2)"],
    ),
    "council_backend/crossed.py": (
        "import offline_queue\nimport kiosk.settings\n",
        [
            "council_backend.crossed -> offline_queue (l.1)",
            "council_backend.crossed -> kiosk.settings (l.2)",
        ],
    ),
}


def test_the_contract_catches_a_layer_crossed(tmp_path: Path):
    """Not a vacuous contract: in a copy that crosses each layer once, every rule fires."""
    for name in ("offline_queue", "kiosk", "ui", "council_backend"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, (imports, _reported) in CROSSINGS.items():
        (tmp_path / module).write_text(imports, encoding="utf-8")
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Contracts: 0 kept, 3 broken" in result.stdout
    for _module, (_imports, reported) in CROSSINGS.items():
        for line in reported:
            assert line in result.stdout, line
