"""What a service changed. The GUI's bridge turns these reports into Qt signals and decides what to refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    customers: frozenset[int] = frozenset()  # cards whose content changed (incl. created)
    deleted: frozenset[int] = frozenset()  # moved to or restored from the trash
    follow_ups: frozenset[int] = frozenset()
    events: frozenset[int] = frozenset()
    bulk: bool = False  # many rows changed (import, demo, restore): refresh everything

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.customers | other.customers,
            self.deleted | other.deleted,
            self.follow_ups | other.follow_ups,
            self.events | other.events,
            self.bulk or other.bulk,
        )

    @property
    def empty(self) -> bool:
        return not (self.customers or self.deleted or self.follow_ups or self.events or self.bulk)


Listener = Callable[[Changes], None]


@dataclass
class ChangeBus:
    """Plain-Python publish/subscribe for change reports (no Qt here)."""

    _listeners: list[Listener] = field(default_factory=list)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def publish(self, changes: Changes) -> None:
        if changes.empty:
            return
        for listener in list(self._listeners):
            listener(changes)


def ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)
