"""Errors that carry a code, the field and the bad value; the GUI and CLI turn them into words."""

from __future__ import annotations


class CrmError(Exception):
    """Base of every error the app raises on purpose. `code` is stable; `message` is for people."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class ValidationError(CrmError):
    """A value that cannot be stored: names the field and the value that was given."""

    code = "invalid"

    def __init__(self, field: str, value: object, reason: str, *, code: str = "invalid") -> None:
        shown = repr(value) if not isinstance(value, str) else f"「{_clip(value)}」"
        super().__init__(f"{field}: {shown} — {reason}", code=code)
        self.field = field
        self.value = value
        self.reason = reason


class NotFoundError(CrmError):
    code = "not_found"


class ConflictError(CrmError):
    """The same record was changed elsewhere, or a unique value is already taken."""

    code = "conflict"


class StorageError(CrmError):
    """The database cannot be used: locked, damaged, from a newer version, or on a share."""

    code = "storage"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
