import shutil
from pathlib import Path

import pytest

from kiosk.content import DEFAULT_CONTENT_DIR


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may break."""
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    return folder
