"""The kiosk's settings: each declared once, with its default, validation and a label for staff.

They come from a TOML file (`kiosk --config PATH`, default in the platform's config folder),
then from the environment (KIOSK_DATA_DIR, KIOSK_BACKEND_URL, KIOSK_BACKEND_TOKEN,
KIOSK_LANGUAGE, KIOSK_SITE_TOKEN, KIOSK_FORMS_DIR). A bad file gets a message naming the file,
line and setting, never a traceback.
"""

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk import references
from kiosk.i18n import N_, _
from kiosk.languages import BY_CODE
from kiosk.references import is_kiosk_code

APP_NAME = "council-kiosk"
LANGUAGES = tuple(BY_CODE)


class SettingsError(Exception):
    """The settings file or an environment override is not usable; the message says why."""


Parser = Callable[[Any], Any]


def _text(max_length: int) -> Parser:
    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(_("must be text in quotes"))
        if len(value) > max_length:
            raise ValueError(_("must be at most {n} characters").format(n=max_length))
        return value

    return parse


def _whole(low: int, high: int) -> Parser:
    def parse(value: Any) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("must be a whole number"))
        if not low <= value <= high:
            raise ValueError(_("must be from {low} to {high}").format(low=low, high=high))
        return value

    return parse


def _seconds(low: float, high: float) -> Parser:
    def parse(value: Any) -> float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ValueError(_("must be a number of seconds")) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(_("must be a number of seconds"))
        if not low <= value <= high:
            raise ValueError(_("must be from {low} to {high}").format(low=low, high=high))
        return float(value)

    return parse


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(_("must be text in quotes"))
    from urllib.parse import urlsplit  # only when a web address is given

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(_("must be a web address starting http:// or https://"))
    return value.rstrip("/")


def _folder(value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("must be a folder path in quotes"))
    return Path(value).expanduser()


def _existing_folder(value: Any) -> Path:
    folder = _folder(value)
    if not folder.is_dir():
        raise ValueError(
            _("must be a folder that exists; there is none at {path}").format(path=folder)
        )
    return folder


def _kiosk_code(value: Any) -> str:
    if not isinstance(value, str) or not is_kiosk_code(value.upper()):
        raise ValueError(
            _("must be 2 characters from {alphabet}").format(alphabet=references.ALPHABET)
        )
    return value.upper()


def _tracking_url(value: Any) -> str:
    url = _url(value)
    if "{reference}" not in url:
        raise ValueError(_("must contain {{reference}} where the reference goes"))
    return url


def _default_kiosk_code() -> str:
    # Stable per machine; staff give each kiosk of a fleet its own code.
    import uuid  # only when no kiosk code is set

    return references.kiosk_code_from(str(uuid.getnode()))


def _language(value: Any) -> str:
    if value not in LANGUAGES:
        raise ValueError(_("must be one of {codes}").format(codes=", ".join(LANGUAGES)))
    return str(value)


def _flag(value: Any) -> bool:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if not isinstance(value, bool):
        raise ValueError(_("must be true or false"))
    return value


def _host(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9.:\-]{1,253}", value):
        raise ValueError(_('must be a host name or IP address in quotes, like "0.0.0.0"'))
    return value


def _queue_services(value: Any) -> tuple[str, ...]:
    from kiosk.tickets import ServicesFileError, load_services

    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(_('must be a list of service ids in quotes, like ["council_tax"]'))
    try:
        known = [service.id for service in load_services()]
    except ServicesFileError as error:
        raise ValueError(str(error)) from None
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ValueError(
            _("names '{id}', which is not one of {known}").format(
                id=unknown[0], known=", ".join(known)
            )
        )
    return tuple(dict.fromkeys(value))


def setting(key: str, default: Any, parse: Parser, label: str, env: str | None = None) -> Any:
    """Declare a setting: its TOML key ("section.name"), default, parser and staff label.

    A callable default is called for each Settings (e.g. a folder that depends on the platform).
    """
    metadata = {"key": key, "parse": parse, "label": label, "env": env}
    if callable(default):
        return field(default_factory=default, metadata=metadata)
    return field(default=default, metadata=metadata)


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _default_forms_dir() -> Path:
    from kiosk.forms.loader import DEFAULT_FORMS_DIR  # the forms package loads only when used

    return DEFAULT_FORMS_DIR


@dataclass(frozen=True)
class Settings:
    """The kiosk's settings: each field names its TOML key, parser and label for staff."""

    language: str = setting(
        "kiosk.language", "en", _language, N_("Language the kiosk starts in"), "KIOSK_LANGUAGE"
    )
    site_name: str = setting("kiosk.site_name", "", _text(80), N_("Name of this site"))
    council_name: str = setting(
        "kiosk.council_name", "Riverside Borough Council", _text(80), N_("Name of the council")
    )
    kiosk_code: str = setting(
        "kiosk.code",
        _default_kiosk_code,
        _kiosk_code,
        N_("This kiosk's code in references (unique in the fleet)"),
    )
    tracking_url: str = setting(
        "kiosk.tracking_url",
        "https://riverside.example.gov.uk/track/{reference}",
        _tracking_url,
        N_("Web address where citizens follow a request"),
    )
    idle_timeout_s: int = setting(
        "kiosk.idle_timeout_s", 90, _whole(20, 900), N_("Seconds without a touch before asking")
    )
    more_time_s: int = setting(
        "kiosk.more_time_s", 30, _whole(10, 120), N_("Seconds to answer 'Do you need more time?'")
    )
    data_dir: Path = setting(
        "outbox.data_dir",
        _default_data_dir,
        _folder,
        N_("Folder for the outbox and other kiosk data"),
        "KIOSK_DATA_DIR",
    )
    retention_days: int = setting(
        "outbox.retention_days", 7, _whole(1, 3650), N_("Days to keep what was delivered")
    )
    max_size_mb: int = setting(
        "outbox.max_size_mb", 2048, _whole(1, 1_000_000), N_("Largest the outbox may grow (MB)")
    )
    backend_url: str = setting(
        "backend.url",
        "http://127.0.0.1:8080",
        _url,
        N_("Council back end address"),
        "KIOSK_BACKEND_URL",
    )
    backend_token: str = setting(
        "backend.token", "", _text(4096), N_("Council back end token"), "KIOSK_BACKEND_TOKEN"
    )
    connect_timeout_s: float = setting(
        "backend.connect_timeout_s", 5.0, _seconds(0.5, 120), N_("Seconds to wait to connect")
    )
    read_timeout_s: float = setting(
        "backend.read_timeout_s", 30.0, _seconds(1, 600), N_("Seconds to wait for an answer")
    )
    batch_size: int = setting(
        "sync.batch_size", 200, _whole(1, 500), N_("Submissions sent in one request")
    )
    max_backoff_s: float = setting(
        "sync.max_backoff_s", 900.0, _seconds(10, 86400), N_("Longest wait between tries")
    )
    poll_interval_s: float = setting(
        "sync.poll_interval_s", 30.0, _seconds(1, 3600), N_("Seconds between checks")
    )
    queue_enabled: bool = setting(
        "queue.enabled", False, _flag, N_("This site has a queue: offer 'Take a ticket'")
    )
    queue_hub_url: str = setting(
        "queue.hub_url",
        "http://127.0.0.1:8090",
        _url,
        N_("Address of the site's queue hub, as phones on the site's Wi-Fi reach it"),
    )
    queue_site_token: str = setting(
        "queue.site_token",
        "",
        _text(4096),
        N_("The site's queue token (the same on the hub and every device)"),
        "KIOSK_SITE_TOKEN",
    )
    queue_hub_host: str = setting(
        "queue.hub_host", "127.0.0.1", _host, N_("Address the hub listens on (on the hub)")
    )
    queue_hub_port: int = setting(
        "queue.hub_port", 8090, _whole(1, 65535), N_("Port the hub listens on (on the hub)")
    )
    queue_services: tuple[str, ...] = setting(
        "queue.services", (), _queue_services, N_("Services in the site's queue (none: all)")
    )
    forms_dir: Path = setting(
        "forms.folder",
        _default_forms_dir,
        _existing_folder,
        N_("Folder of the forms the kiosk offers"),
        "KIOSK_FORMS_DIR",
    )
    source: Path | None = None

    @property
    def outbox_path(self) -> Path:
        return self.data_dir / "outbox.sqlite3"

    @property
    def queue_path(self) -> Path:
        """The hub's own queue file (only the hub machine has one)."""
        return self.data_dir / "queue.sqlite3"


def declared() -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(Settings) if "key" in f.metadata]


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"


def _line_of(text: str, *key: str) -> int | None:
    """The line (from 1) where the setting `key` ("section", "name") is given, for messages.

    tomllib keeps no positions, and TOML gives a key in many shapes: under [section], as a
    dotted key, in an inline table, as [section.name] or [[section]]. The shortest run of first
    lines that is valid TOML and holds the key ends on the line that gives it; a value written
    over several lines starts just after the longest valid run before that.
    """
    import tomllib

    lines = text.split("\n")  # as TOML counts lines (splitlines would also split at \f...)

    def holds(count: int) -> bool | None:
        """Whether the first `count` lines hold the key; None if they are not valid TOML."""
        try:
            node: Any = tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            return None
        for part in key:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    for end in range(1, len(lines) + 1):
        if holds(end):
            start = end - 1
            while start > 0 and holds(start) is None:
                start -= 1
            return start + 1
    return None


def _where(path: Path, line: int | None) -> str:
    if line is None:
        return str(path)
    return _("{path}, line {line}").format(path=path, line=line)


def _read_file(path: Path) -> tuple[dict[str, Any], str]:
    import tomllib  # only with a settings file: the embedded defaults start without it

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsError(
            _("{path}: the settings file is not UTF-8 text.").format(path=path)
        ) from None
    except OSError as error:
        raise SettingsError(
            _("Cannot read the settings file {path}: {reason}").format(
                path=path, reason=error.strerror
            )
        ) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        if found:
            where = _("{path}, line {line}, column {column}").format(
                path=path, line=found.group(1), column=found.group(2)
            )
        else:
            where = str(path)
        raise SettingsError(
            _("{where}: this is not valid TOML ({reason}).").format(where=where, reason=reason)
        ) from None


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (if any) and the environment; raise SettingsError if unusable."""
    environ = environ if environ is not None else {}
    explicit = path is not None
    path = path if path is not None else default_config_path()
    data: dict[str, Any] = {}
    text = ""
    if path.exists():
        data, text = _read_file(path)
    elif explicit:
        raise SettingsError(_("There is no settings file at {path}.").format(path=path))

    by_key = {f.metadata["key"]: f for f in declared()}
    values: dict[str, Any] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise SettingsError(
                _("{where}: '{name}' must be a section like [{name}].").format(
                    where=_where(path, _line_of(text, section)), name=section
                )
            )
        for name, raw in table.items():
            key = f"{section}.{name}"
            if key not in by_key:
                known = ", ".join(sorted(by_key))
                raise SettingsError(
                    _("{where}: there is no setting '{key}'. Known settings: {known}.").format(
                        where=_where(path, _line_of(text, section, name)), key=key, known=known
                    )
                )
            spec = by_key[key]
            try:
                values[spec.name] = spec.metadata["parse"](raw)
            except ValueError as problem:
                raise SettingsError(
                    _("{where}: {key} ({label}) {problem}.").format(
                        where=_where(path, _line_of(text, section, name)),
                        key=key,
                        label=_(spec.metadata["label"]),
                        problem=problem,
                    )
                ) from None

    for spec in declared():
        variable = spec.metadata["env"]
        if variable and environ.get(variable):
            try:
                values[spec.name] = spec.metadata["parse"](environ[variable])
            except ValueError as problem:
                raise SettingsError(
                    _("The environment variable {variable} {problem}.").format(
                        variable=variable, problem=problem
                    )
                ) from None
    return Settings(**values, source=path if path.exists() else None)
