"""The one bridge from the services' change reports to Qt signals.

Services publish `Changes` on a plain-Python bus, possibly from a worker thread (demo data, imports). The bridge
lives in the GUI thread; Qt queues a signal emitted from another thread, so receivers always run in the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from crmdesk.services.changes import ChangeBus, Changes


class ChangeBridge(QObject):
    changed = Signal(object)  # the whole Changes report
    customersChanged = Signal(list)  # ids of cards whose content changed (created included)
    customersDeleted = Signal(list)  # ids moved to or restored from the trash
    followUpsChanged = Signal(list)
    eventsChanged = Signal(list)
    bulkChanged = Signal()  # many rows changed: refresh everything

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = bus.subscribe(self._on_changes)

    def detach(self) -> None:
        """Stop listening (the owner calls this before the bridge goes away)."""
        if self._unsubscribe is not None:
            unsubscribe, self._unsubscribe = self._unsubscribe, None
            with contextlib.suppress(ValueError):  # already gone from the bus
                unsubscribe()

    def _on_changes(self, changes: Changes) -> None:
        self.changed.emit(changes)
        if changes.bulk:
            self.bulkChanged.emit()
        if changes.customers:
            self.customersChanged.emit(sorted(changes.customers))
        if changes.deleted:
            self.customersDeleted.emit(sorted(changes.deleted))
        if changes.follow_ups:
            self.followUpsChanged.emit(sorted(changes.follow_ups))
        if changes.events:
            self.eventsChanged.emit(sorted(changes.events))
