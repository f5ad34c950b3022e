"""EAS long-running tasks: a call answers a task id; its status is polled, then its result read.

Polling follows ``settings.poll_delays`` through the adapter's clock (a fake clock in tests: no real
sleep). A task that fails, or is still running when the schedule runs out, is an error naming what
was asked for (the IMS section, the save); a state word no page documents is refused with its
spelling, never taken as running or done.
"""

from __future__ import annotations

from ..errors import GstnApiError, GstnTransportError
from . import eas_wire

FAILED_CODE = "EAS_TASK_FAILED"


class TaskFailed(GstnApiError):
    """EAS says the task failed: nothing of its result can be read. For a save or reset, what GSTN
    did is then unknown, and the uploader downloads the section again (as for any refused status)."""


class TaskPoller:
    def __init__(self, adapter):
        self.adapter = adapter  # needs _get(name, what, **parts) -> data, clock, settings

    def state(self, task: str, what: str) -> bool:
        """One status call: True when completed, False while running; a failure is raised."""
        data = self.adapter._get("task_status", f"{what}: task status", task=task)
        state = eas_wire.task_state(data)
        if state == eas_wire.TASK_DONE:
            return True
        if state in eas_wire.TASK_FAILED:
            detail = eas_wire.task_error(data)
            raise TaskFailed(
                FAILED_CODE,
                f"Vayana's task {task} ended {state!r}" + (f" ({detail})" if detail else "")
                + "; nothing of it was read. Try again; if it fails again, ask Vayana about this task id",
                action=what,
            )
        if state in eas_wire.TASK_RUNNING:
            return False
        raise GstnTransportError(
            f"{what}: Vayana's task {task} is in a state this app does not know ({state or 'none given'!r}); "
            "nothing was assumed. Report it so the state can be added"
        )

    def wait(self, task: str, what: str) -> None:
        """Poll until completed on the backoff schedule; running past it is an error naming ``what``."""
        if self.state(task, what):
            return
        for delay in self.adapter.settings.poll_delays:
            self.adapter.clock.sleep(delay)
            if self.state(task, what):
                return
        raise GstnTransportError(
            f"{what}: Vayana's task {task} was still running after "
            f"{sum(self.adapter.settings.poll_delays) / 60:.0f} minutes of polling; try again later"
        )

    def result(self, task: str, what: str) -> object:
        return self.adapter._get("task_result", f"{what}: task result", task=task)

    def pages(self, task: str, what: str) -> list[object]:
        """Every page of a completed task, in order (``first_page`` numbering, 0 unless set)."""
        count = eas_wire.page_count(self.result(task, what))
        if count is None:
            raise GstnTransportError(f"{what}: Vayana's task result gives no page count ('pages')")
        first = self.adapter.first_page
        return [
            self.adapter._get("task_page", f"{what}: page {number} of {count}", task=task, page=number)
            for number in range(first, first + count)
        ]
