"""Time as an object, so backoff, session expiry and slow processing are testable without sleeping."""

from __future__ import annotations

import threading
import time


class SystemClock:
    """Wall time and real sleeps."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class FakeClock:
    """A clock whose sleeps only move its hands; shared safely by client and sandbox threads."""

    def __init__(self, start: float = 1_760_000_000.0):
        self._now = float(start)
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
