"""Known errors of the outbox: the environment's fault or the caller's, never a bug.

The kiosk turns each into a calm message ("please speak to a member of staff"); none of them
leaves a half-written row behind.
"""


class OutboxError(Exception):
    """The outbox could not do what was asked; nothing was changed."""


class InvalidSubmission(OutboxError):
    """The submission cannot be stored as it is (too large, not JSON, NUL bytes, bad text)."""


class OutboxFull(OutboxError):
    """The outbox cannot grow (disk full or size limit); the rows already there are intact."""


class OutboxTooNew(OutboxError):
    """The outbox file was written by a newer version of the kiosk; it is left untouched."""


class UnknownSubmission(OutboxError):
    """No submission has that id."""
