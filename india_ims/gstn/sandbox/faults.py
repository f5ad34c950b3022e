"""Faults the sandbox can inject, per GSTN action, for a given number of requests.

Kinds:

- ``timeout``: stall ``delay`` seconds before answering (the client's read timeout fires);
- ``http_500``: answer HTTP 500;
- ``http_429``: answer HTTP 429 (rate limited; nothing processed when struck ``before``);
- ``drop``: close the connection without an answer;
- ``partial``: the next processed SAVE/RESET fails ``records`` of its records (status PE), its REQSTS
  error report spelt as ``report`` says (``ims_status.REPORT_SHAPES``: gstn, short, flat, upper, none);
- ``slow``: REQSTS answers IP for ``polls`` polls before the request is processed;
- ``corrupt_file``: a queued-download file is served with altered bytes (hash mismatch);
- ``drop_records``: the next GETINV leaves out ``records`` of the section's records (GETCNT still
  counts them); for a queued section, its first file holds that many fewer than FILEDET announces;
- ``task_failed`` (EAS dialect): the next long-running task of the action (GETINV, SAVE, RESETIMS)
  ends "failed" before GSTN is asked anything;
- ``token_expired`` (EAS dialect): the next call of the action (GETINV, SAVE, TASK_STATUS,
  TASK_RESULT, TASK_PAGE, ...) finds every Vayana user token expired (HTTP 403).

``when`` ("before" or "after") says whether timeout/500/drop strike before GSTN takes the request or
after it has registered it: the second is the case that makes blind retries apply actions twice.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass

from ...gst_india.payload.ims_status import REPORT_SHAPES

KINDS = (
    "timeout", "http_500", "http_429", "drop", "partial", "slow", "corrupt_file", "drop_records",
    "task_failed", "token_expired",
)
TRANSPORT_KINDS = ("timeout", "http_500", "http_429", "drop")


@dataclass
class Fault:
    kind: str
    action: str | None = None  # SAVE, RESETIMS, GETINV, REQSTS, FILEDET, GET2B, ...; None: any
    times: int = 1
    when: str = "before"
    records: int = 1
    polls: int = 2
    delay: float = 0.2
    report: str = "gstn"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"fault kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.report not in REPORT_SHAPES:
            raise ValueError(f"fault report {self.report!r} is not one of {', '.join(REPORT_SHAPES)}")
        if self.when not in ("before", "after"):
            raise ValueError(f"fault 'when' must be before or after, not {self.when!r}")
        if self.times < 1:
            raise ValueError("a fault must strike at least once")
        if self.action:
            self.action = self.action.upper()


class FaultPlan:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.fired: list[tuple[str, str]] = []  # (kind, action) in order, for tests and the log

    def add(self, kind: str, **options) -> Fault:
        fault = Fault(kind, **options)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, action: str, kinds: tuple[str, ...], when: str | None = None) -> Fault | None:
        """The first armed fault of these kinds for this action (and moment), used up by one strike."""
        with self._lock:
            for fault in self._faults:
                if fault.kind not in kinds or (fault.action and fault.action != action.upper()):
                    continue
                if when is not None and fault.kind in TRANSPORT_KINDS and fault.when != when:
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                self.fired.append((fault.kind, action.upper()))
                return fault
        return None

    def armed(self) -> list[dict]:
        with self._lock:
            return [asdict(f) for f in self._faults]
