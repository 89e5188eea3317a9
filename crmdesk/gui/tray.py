"""Reminders on the desktop: a tray notification at start and while the app runs, for what is due now.

`TrayReminder` asks `ReminderService.check()` at start and then every few minutes, always off the GUI thread (through
the window's `TaskRunner`: a big store has thousands of follow-ups due, and the window must not pause for a reminder).
When there is something to say it words it in the UI's language, shows a tray balloon (QSystemTrayIcon, where the
desktop has a tray) and always emits `reminded(title, message)`, so the main window can also put it in its status bar.
Every check that ends emits `checked(reminder or None)`. Clicking the balloon or the tray icon emits `activated`: show
the Today screen. No mail server, no scheduled task.

Wire it in the composition of the main window::

    reminders = ReminderService(services.ctx, staff=settings.staff_name or None)
    tray = TrayReminder(reminders, icon=window.windowIcon(), runner=window.runner)
    tray.activated.connect(window.show_today)
    tray.start()
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon
from shiboken6 import isValid

from crmdesk.gui.labels import follow_up_label
from crmdesk.gui.tasks import Task, TaskRunner
from crmdesk.services.reminders import Reminder, ReminderService

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10 * 60 * 1000  # ten minutes
SHOW_MS = 15_000


class TrayReminder(QObject):
    activated = Signal()  # the user clicked the notification or the tray icon: show the Today screen
    reminded = Signal(str, str)  # title, message in the UI's language (also when there is no tray)
    checked = Signal(object)  # Reminder | None: a check has ended (None: nothing new to say, or it failed)

    def __init__(
        self,
        reminders: ReminderService,
        *,
        icon: QIcon | None = None,
        interval_ms: int = CHECK_EVERY_MS,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reminders = reminders
        self.runner = runner or TaskRunner(self)
        self.last: Reminder | None = None
        self._checking: Task | None = None
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon or QIcon(), self)
            self.tray.setToolTip(self.tr("crmdesk — 本日のフォロー"))
            self.tray.messageClicked.connect(self.activated.emit)
            self.tray.activated.connect(self._icon_activated)
            self.tray.show()

    @property
    def available(self) -> bool:
        """Whether balloons can be shown (a desktop with a tray); without one, only `reminded` is emitted."""
        return self.tray is not None and QSystemTrayIcon.supportsMessages()

    @property
    def checking(self) -> bool:
        """A check is running off the GUI thread."""
        return self._checking is not None

    def start(self) -> None:
        """Check now, and then every few minutes while the app runs."""
        self._stopped = False
        self.check_now()
        self.timer.start()

    def stop(self) -> None:
        """No more reminders (the window is closing); a check still running ends without a word."""
        self._stopped = True
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def check_now(self) -> bool:
        """Start a check off the GUI thread; False when one is still running (the timer's next turn comes soon)."""
        if self._checking is not None or self._stopped:
            return False
        reminders = self.reminders
        self._checking = self.runner.start(
            lambda _report: reminders.check(), on_done=self._checked, on_error=self._failed
        )
        return True

    def _failed(self, error: Exception) -> None:
        # a locked database must not break the app for a reminder: try again next time
        log.error("reminder check failed: %s: %s", type(error).__name__, error)
        self._checked(None)

    def _checked(self, found: Reminder | None) -> None:
        if not isValid(self):  # the window closed while the check ran
            return
        self._checking = None
        if self._stopped:
            return
        if found is not None:
            self.last = found
            title, message = self.title(found), self.message(found)
            if self.tray is not None:
                self.tray.setToolTip(self.tr("crmdesk — {title}").format(title=title))
                if QSystemTrayIcon.supportsMessages():
                    self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, SHOW_MS)
            self.reminded.emit(title, message)
        self.checked.emit(found)

    # ------------------------------------------------------------------ wording
    def title(self, reminder: Reminder) -> str:
        """本日のフォロー 12件 (the day's first check) or 新しいフォロー 1件."""
        if reminder.first_of_day:
            return self.tr("本日のフォロー {count}件").format(count=reminder.total)
        return self.tr("新しいフォロー {count}件").format(count=reminder.total)

    def message(self, reminder: Reminder) -> str:
        """Two lines: how many of each kind (and how many overdue), then the first customers' names.

        電話 5件・手紙 4件（うち期限切れ 3件）
        山田 太郎様（電話）、佐藤 花子様（手紙）、鈴木 一郎様（電話） ほか9件"""
        kinds = self.tr("・", "between the kinds of follow-up").join(
            self.tr("{kind} {count}件").format(kind=follow_up_label(kind), count=count)
            for kind, count in reminder.kinds
        )
        if reminder.overdue:
            kinds = self.tr("{kinds}（うち期限切れ {count}件）").format(kinds=kinds, count=reminder.overdue)
        names = self.tr("、", "between the customers' names").join(
            self.tr("{name}様（{kind}）").format(name=entry.customer_name, kind=follow_up_label(entry.kind))
            for entry in reminder.shown
        )
        if reminder.not_shown:
            names = self.tr("{names} ほか{count}件").format(names=names, count=reminder.not_shown)
        return f"{kinds}\n{names}"

    def _icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.activated.emit()
