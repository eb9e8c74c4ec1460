"""The site's services (assets/queue/services.yaml) and the queue's settings."""

from pathlib import Path

import pytest

from kiosk.settings import Settings, SettingsError, load_settings
from kiosk.tickets import QueueService, ServicesFileError, load_services


def test_the_shipped_services():
    services = load_services()
    assert [(s.id, s.prefix, s.name) for s in services] == [
        ("council_tax", "C", "Council Tax"),
        ("benefits", "B", "Benefits"),
        ("housing", "H", "Housing"),
        ("registration", "R", "Registration of births and deaths"),
        ("blue_badge", "P", "Blue Badge"),
        ("general", "G", "General enquiries"),
    ]
    for service in services:
        assert 10 <= len(service.summary) <= 80 and service.summary.endswith(".")


def test_some_of_them_in_the_files_order():
    chosen = load_services(["housing", "council_tax"])
    assert [s.id for s in chosen] == ["council_tax", "housing"]
    with pytest.raises(ServicesFileError, match="There is no service 'parking'"):
        load_services(["parking"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("services: [\n", r"line \d+: "),
        ("other: 1\n", "the services must be a list under 'services:'"),
        (
            "services:\n  - id: a\n    prefix: A\n    name: A\n",
            r"line 2: each service needs an id .* a name and a summary",
        ),
        (
            "services:\n  - id: a\n    prefix: a1\n    name: A\n    summary: s\n",
            "line 2: each service needs",
        ),
        (
            "services:\n  - {id: a, prefix: A, name: A, summary: s}\n"
            "  - {id: b, prefix: A, name: B, summary: s}\n",
            "line 3: two services have the id 'b' or the prefix 'A'",
        ),
    ],
)
def test_a_broken_services_file_is_named_with_its_line(tmp_path: Path, text: str, message: str):
    path = tmp_path / "services.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ServicesFileError, match=message):
        load_services(path=path)


def test_a_good_file_of_ones_own(tmp_path: Path):
    path = tmp_path / "services.yaml"
    path.write_text(
        "services:\n  - {id: parking, prefix: PK, name: Parking, summary: Permits.}\n",
        encoding="utf-8",
    )
    assert load_services(path=path) == [QueueService("parking", "PK", "Parking", "Permits.")]


def test_the_queue_settings(tmp_path: Path):
    defaults = load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path)})
    assert defaults.queue_enabled is False
    assert defaults.queue_hub_url == "http://127.0.0.1:8090"
    assert (defaults.queue_hub_host, defaults.queue_hub_port) == ("127.0.0.1", 8090)
    assert defaults.queue_site_token == "" and defaults.queue_services == ()
    assert defaults.queue_path == tmp_path / "queue.sqlite3"

    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[queue]\nenabled = true\nhub_url = "http://10.1.2.3:8090/"\nhub_host = "0.0.0.0"\n'
        'hub_port = 9000\nservices = ["housing", "benefits"]\nsite_token = "from-file"\n',
        encoding="utf-8",
    )
    settings = load_settings(path, {"KIOSK_SITE_TOKEN": "from-env"})
    assert settings.queue_enabled is True
    assert settings.queue_hub_url == "http://10.1.2.3:8090"
    assert (settings.queue_hub_host, settings.queue_hub_port) == ("0.0.0.0", 9000)
    assert settings.queue_services == ("housing", "benefits")
    assert settings.queue_site_token == "from-env"
    assert Settings().queue_services == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[queue]\nservices = ["parking"]\n', r"line 2: queue.services .* names 'parking'"),
        ('[queue]\nservices = "housing"\n', "must be a list of service ids"),
        ('[queue]\nenabled = "maybe"\n', "must be true or false"),
        ('[queue]\nhub_host = "my hub"\n', "must be a host name or IP address"),
        ("[queue]\nhub_port = 0\n", "must be from 1 to 65535"),
        ('[queue]\nhub_url = "hub:8090"\n', "must be a web address"),
    ],
)
def test_bad_queue_settings_are_named(tmp_path: Path, text: str, message: str):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(path, {})
