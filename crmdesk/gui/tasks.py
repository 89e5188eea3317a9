"""Slow work off the GUI thread: a callable runs on the thread pool and its result comes back as a signal.

Every signal of a task is connected to a slot of the `TaskRunner`, a QObject living in the GUI thread, so Qt
queues the call and the callbacks always run in the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Report = Callable[[int, int], bool]  # (done, total) -> keep going?
Work = Callable[[Report], Any]


class TaskSignals(QObject):
    finished = Signal(int, object)  # task number, the callable's result
    failed = Signal(int, object)  # task number, the exception
    progress = Signal(int, int, int)  # task number, done, total


class Task(QRunnable):
    """Runs `work(report)`; `report(done, total)` emits progress and says whether to go on."""

    def __init__(self, number: int, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until it reports
        self.number = number
        self.work = work
        self.signals = TaskSignals()
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _report(self, done: int, total: int) -> bool:
        self.signals.progress.emit(self.number, done, total)
        return not self._cancelled.is_set()

    def run(self) -> None:
        try:
            result = self.work(self._report)
        except Exception as exc:  # handed to the GUI thread, which shows it
            log.exception("background task failed")
            self.signals.failed.emit(self.number, exc)
            return
        self.signals.finished.emit(self.number, result)


@dataclass
class _Callbacks:
    task: Task
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    on_progress: Callable[[int, int], None] | None


class TaskRunner(QObject):
    """Starts tasks on a pool and keeps them alive until they report."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._numbers = itertools.count(1)
        self._running: dict[int, _Callbacks] = {}

    def start(
        self,
        work: Work,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Task:
        task = Task(next(self._numbers), work)
        self._running[task.number] = _Callbacks(task, on_done, on_error, on_progress)
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        task.signals.progress.connect(self._progress)
        self.pool.start(task)
        return task

    @Slot(int, object)
    def _finished(self, number: int, result: object) -> None:
        callbacks = self._running.pop(number, None)
        if callbacks is not None and callbacks.on_done is not None:
            callbacks.on_done(result)

    @Slot(int, object)
    def _failed(self, number: int, exc: object) -> None:
        callbacks = self._running.pop(number, None)
        if callbacks is None:
            return
        if callbacks.on_error is not None and isinstance(exc, Exception):
            callbacks.on_error(exc)
        elif isinstance(exc, Exception):
            raise exc  # goes to the app's exception dialog

    @Slot(int, int, int)
    def _progress(self, number: int, done: int, total: int) -> None:
        callbacks = self._running.get(number)
        if callbacks is not None and callbacks.on_progress is not None:
            callbacks.on_progress(done, total)

    def cancel_all(self) -> None:
        for callbacks in self._running.values():
            callbacks.task.cancel()

    def wait_all(self, msecs: int = 30_000) -> bool:
        """Ask every task to stop and wait for the pool (on closing the window)."""
        self.cancel_all()
        return self.pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)
