from pathlib import Path

import pytest

from kiosk.settings import Settings, SettingsError, declared, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path):
    settings = load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path)})
    assert settings.retention_days == 7
    assert settings.idle_timeout_s == 90
    assert settings.outbox_path.name == "outbox.sqlite3"


def test_a_file_and_the_environment(tmp_path: Path):
    path = write(
        tmp_path,
        '[kiosk]\nlanguage = "pl"\n[backend]\nurl = "http://127.0.0.1:9000/"\ntoken = "file"\n'
        "[sync]\nbatch_size = 50\n",
    )
    settings = load_settings(
        path,
        {
            "KIOSK_DATA_DIR": str(tmp_path / "data"),
            "KIOSK_BACKEND_TOKEN": "from-env",
            "KIOSK_LANGUAGE": "ur",
        },
    )
    assert settings.backend_url == "http://127.0.0.1:9000"
    assert settings.backend_token == "from-env"
    assert settings.language == "ur"
    assert settings.batch_size == 50
    assert settings.outbox_path == tmp_path / "data" / "outbox.sqlite3"
    assert settings.source == path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[backend]\nurl = "http://x\n', r"kiosk.toml, line 2, column \d+: this is not valid TOML"),
        (
            "[sync]\n\nbatch_size = 0\n",
            r"line 3: sync.batch_size \(Submissions sent in one "
            r"request\) must be from 1 to 500",
        ),
        ('[sync]\nbatch_size = "many"\n', "line 2: sync.batch_size .* must be a whole number"),
        ('[backend]\ntokn = "x"\n', r"line 2: there is no setting 'backend.tokn'. Known settings"),
        ('[backend]\nurl = "ftp://council"\n', "must be a web address"),
        ('[kiosk]\nlanguage = "xx"\n', "must be one of en, ur, ar"),
        ('language = "en"\n', "'language' must be a section"),
    ],
)
def test_a_bad_file_names_the_line_and_the_setting(tmp_path: Path, text: str, message: str):
    with pytest.raises(SettingsError, match=message):
        load_settings(write(tmp_path, text), {})


def test_a_bad_environment_override_is_named(tmp_path: Path):
    with pytest.raises(SettingsError, match="KIOSK_BACKEND_URL must be a web address"):
        load_settings(None, {"KIOSK_BACKEND_URL": "not a url", "KIOSK_DATA_DIR": str(tmp_path)})


def test_a_missing_named_file_and_a_file_that_is_not_text(tmp_path: Path):
    with pytest.raises(SettingsError, match="There is no settings file"):
        load_settings(tmp_path / "nope.toml", {})
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SettingsError, match="not UTF-8"):
        load_settings(path, {})


def test_every_setting_is_declared_once_with_a_label_and_a_valid_default():
    keys = [f.metadata["key"] for f in declared()]
    assert len(keys) == len(set(keys))
    defaults = Settings()
    for spec in declared():
        assert spec.metadata["label"]
        value = getattr(defaults, spec.name)
        if spec.name not in ("data_dir",):
            assert spec.metadata["parse"](value) == value


def test_every_setting_is_documented():
    text = (Path(__file__).resolve().parents[2] / "docs" / "settings.md").read_text()
    for spec in declared():
        assert f"`{spec.metadata['key']}`" in text
        if spec.metadata["env"]:
            assert spec.metadata["env"] in text
