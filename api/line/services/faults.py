"""A test-only fault: the process kills itself (SIGKILL) right after LINE accepted a reply and
before the event records it, the worst moment for a crash (LINE_FAULT_AFTER_REPLY; refused when
ENVIRONMENT=production). The crash test and `python -m bench line-crash` use it to show that such a
crash neither loses nor doubles an answer."""

from __future__ import annotations

import logging
import os
import signal
import threading

log = logging.getLogger(__name__)


class Faults:
    def __init__(self, *, after_reply: int = 0) -> None:
        self.after_reply = after_reply
        """Die after this many accepted replies (0: never)."""
        self._replies = 0
        self._lock = threading.Lock()

    def reply_accepted(self) -> None:
        if not self.after_reply:
            return
        with self._lock:
            self._replies += 1
            if self._replies < self.after_reply:
                return
        log.critical("LINE_FAULT_AFTER_REPLY: killing this process after reply %d", self._replies)
        os.kill(os.getpid(), signal.SIGKILL)
