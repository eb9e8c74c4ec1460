import re
from pathlib import Path

import pytest

from kiosk.forms.loader import DEFAULT_FORMS_DIR
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


# Each shape TOML allows for giving a setting, wrong, with the line that gives it.
# "{tmp}" is a folder of the test's own.
BAD_FILES = {
    "under a section": ('[kiosk]\n\nlanguage = "zz"\n', 3, "must be one of en"),
    "a dotted key": ('# the site\nkiosk.language = "zz"\n', 2, "must be one of en"),
    "a dotted key with spaces and quotes": (
        '\n"backend" . "token" = 5\n[kiosk]\nlanguage = "en"\n',
        2,
        "backend.token .* must be text in quotes",
    ),
    "a dotted key under a section": (
        '[kiosk]\nsite_name = "x"\nlanguage.code = "en"\n',
        3,
        "kiosk.language .* must be one of en",
    ),
    "a sub-section": (
        '[kiosk]\nlanguage = "en"\n\n[kiosk.sub]\nx = 1\n',
        4,
        "there is no setting 'kiosk.sub'",
    ),
    "an inline table": (
        '[sync]\nbatch_size = 50\n\n[queue]\nenabled = true\nmore = { text = "x" }\n',
        6,
        "there is no setting 'queue.more'",
    ),
    "a section as an inline table": (
        '\nkiosk = { site_name = "Library", language = "zz" }\n',
        2,
        "kiosk.language .* must be one of",
    ),
    "an array of tables": (
        '[kiosk]\nlanguage = "en"\n[[outbox]]\nretention_days = 7\n',
        3,
        "'outbox' must be a section like \\[outbox\\]",
    ),
    "a list over several lines": (
        '[queue]\nservices = [\n  "council_tax",\n  "no_such_service",\n]\n',
        2,
        "names 'no_such_service'",
    ),
    "after text that looks like settings": (
        '[backend]\ntoken = """\n[sync]\nbatch_size = 0\n"""\n[sync]\nbatch_size = 0\n',
        7,
        "must be from 1 to 500",
    ),
    "a forms folder that does not exist": (
        '[kiosk]\nlanguage = "en"\n[forms]\nfolder = "{tmp}/no-such-folder"\n',
        4,
        "forms.folder .* must be a folder that exists; there is none at .*no-such-folder",
    ),
}


@pytest.mark.parametrize(("text", "line", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_every_shape_of_a_bad_setting_names_its_line(
    tmp_path: Path, text: str, line: int, message: str
):
    path = write(tmp_path, text.replace("{tmp}", str(tmp_path)))
    with pytest.raises(SettingsError, match=rf"^{re.escape(str(path))}, line {line}: .*{message}"):
        load_settings(path, {})


def test_the_forms_folder_defaults_to_the_forms_that_come_with_the_kiosk(tmp_path: Path):
    assert load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path)}).forms_dir == DEFAULT_FORMS_DIR
    officers = tmp_path / "council forms"
    officers.mkdir()
    path = write(tmp_path, f'[forms]\nfolder = "{officers}"\n')
    assert load_settings(path, {}).forms_dir == officers
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert load_settings(path, {"KIOSK_FORMS_DIR": str(elsewhere)}).forms_dir == elsewhere
    with pytest.raises(SettingsError, match="KIOSK_FORMS_DIR must be a folder that exists"):
        load_settings(path, {"KIOSK_FORMS_DIR": str(tmp_path / "gone")})


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
        given = str(value) if isinstance(value, Path) else value  # as the file or environment
        assert spec.metadata["parse"](given) == value


def test_every_setting_is_documented():
    text = (Path(__file__).resolve().parents[2] / "docs" / "settings.md").read_text()
    for spec in declared():
        assert f"`{spec.metadata['key']}`" in text
        if spec.metadata["env"]:
            assert spec.metadata["env"] in text
