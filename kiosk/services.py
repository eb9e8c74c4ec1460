"""Builds the kiosk's I/O parts from the settings, in one place: the outbox and the sync engine."""

from datetime import timedelta
from typing import TYPE_CHECKING

from kiosk.settings import Settings

if TYPE_CHECKING:
    from offline_queue.outbox import Outbox
    from offline_queue.sync import SettledCallback, SyncEngine


def open_outbox(settings: Settings) -> "Outbox":
    from offline_queue.outbox import Outbox

    return Outbox(settings.outbox_path, max_size_bytes=settings.max_size_mb * 1024 * 1024)


def make_sync_engine(
    settings: Settings, outbox: "Outbox", on_settled: "SettledCallback | None" = None
) -> "SyncEngine":
    from offline_queue.kiosk_api import KioskApiTransport
    from offline_queue.sync import SyncEngine

    transport = KioskApiTransport(
        settings.backend_url,
        settings.backend_token or None,
        connect_timeout_s=settings.connect_timeout_s,
        read_timeout_s=settings.read_timeout_s,
    )
    return SyncEngine(
        outbox,
        transport,
        batch_size=settings.batch_size,
        max_delay_s=settings.max_backoff_s,
        retention=timedelta(days=settings.retention_days),
        poll_interval_s=settings.poll_interval_s,
        on_settled=on_settled,
    )
