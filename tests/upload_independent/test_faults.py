"""One fault at a time under an upload of ~240 actions over six sections, then the user's rerun.

Each scenario: download, arm the proxy, run the upload (it may raise, or finish incomplete), then
run it again without faults from a new uploader loaded from the saved ledger (a new process), and
check from the sandbox's own state and a fresh GETINV that GSTN holds exactly the plan, each change
applied once and reported saved once, and that a third run sends nothing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pytest

from india_ims.gst_india.periods import TODAY_VARIABLE
from india_ims.gstn.upload import UploadReport

from .proxy import Crash, CrashingHttp, Rule
from .world import (
    TIMEOUT,
    TODAY,
    World,
    check_gstn_holds_exactly_the_plan,
    check_reports,
    check_third_run_sends_nothing,
)

LATE = TIMEOUT * 2

# (id, rules): the second SAVE of the run is usually the one struck (skip=1), so a section is
# half-sent when the fault strikes.
SCENARIOS = [
    ("save-drop-after-forward", [Rule("SAVE", "drop_after", skip=1)]),
    ("save-drop-before-forward", [Rule("SAVE", "drop_before", skip=1)]),
    ("save-500-not-forwarded", [Rule("SAVE", "status", status=500, skip=1)]),
    ("save-502-not-forwarded", [Rule("SAVE", "status", status=502, skip=1)]),
    ("save-503-not-forwarded", [Rule("SAVE", "status", status=503, skip=1)]),
    ("save-504-not-forwarded", [Rule("SAVE", "status", status=504, skip=1)]),
    ("save-forwarded-then-500", [Rule("SAVE", "forward_status", status=500, skip=1)]),
    ("save-forwarded-then-504", [Rule("SAVE", "forward_status", status=504, skip=1)]),
    ("save-answer-late", [Rule("SAVE", "delay_after", delay=LATE, skip=1)]),
    ("save-arrives-late", [Rule("SAVE", "delay_before", delay=LATE, skip=1)]),
    ("save-truncated-json", [Rule("SAVE", "truncate", skip=1)]),
    ("save-html-answer", [Rule("SAVE", "invalid_json", skip=1)]),
    ("save-duplicated-first-answer", [Rule("SAVE", "duplicate", skip=1)]),
    ("save-duplicated-second-answer", [Rule("SAVE", "duplicate", answer="second", skip=1)]),
    ("save-three-503-then-pass", [Rule("SAVE", "status", status=503, times=3)]),
    ("every-save-dropped-after-forward", [Rule("SAVE", "drop_after", times=None)]),
    ("every-save-forwarded-then-502", [Rule("SAVE", "forward_status", status=502, times=None)]),
    ("reqsts-dropped", [Rule("REQSTS", "drop_after", skip=1, times=2)]),
    ("reqsts-503-past-retries", [Rule("REQSTS", "status", status=503, skip=1, times=8)]),
    ("reqsts-truncated", [Rule("REQSTS", "truncate", skip=1)]),
    ("reqsts-html", [Rule("REQSTS", "invalid_json", skip=1)]),
    ("reqsts-late", [Rule("REQSTS", "delay_after", delay=LATE, skip=1, times=4)]),
    ("reqsts-ip-three-times", [Rule("REQSTS", "in_progress", skip=1, times=3)]),
    ("reqsts-ip-past-the-poll-schedule", [Rule("REQSTS", "in_progress", skip=1, times=40)]),
    ("reqsts-ip-for-the-whole-run", [Rule("REQSTS", "in_progress", times=None)]),
    (
        "save-dropped-and-refresh-fails",
        [Rule("SAVE", "drop_after", skip=1), Rule("GETINV", "status", status=503, times=None)],
    ),
    ("getinv-truncated-after-drop", [Rule("SAVE", "drop_after"), Rule("GETINV", "truncate", times=3)]),
    ("reset-dropped-after-forward", [Rule("RESET", "drop_after")]),
    ("reset-forwarded-then-500", [Rule("RESET", "forward_status", status=500, times=None)]),
    ("reset-duplicated", [Rule("RESET", "duplicate", answer="second")]),
    ("reset-answer-late", [Rule("RESET", "delay_after", delay=LATE)]),
    ("chaos-any-request-dropped", [Rule("ANY", "drop_after", skip=2, times=6)]),
]


# A read of GSTN's answer (REQSTS, or the GETINV that settles a lost SAVE) failing for good makes
# ``Uploader.run`` raise. What GSTN confirmed before that is kept in the ledger (``unreported``) and
# reported saved by the rerun, never "unchanged" (the defect these scenarios found, now mended).
RAISES = {
    "reqsts-503-past-retries", "reqsts-truncated", "reqsts-html", "reqsts-late",
    "save-dropped-and-refresh-fails", "getinv-truncated-after-drop",
}


@dataclass
class Ran:
    name: str
    world: World
    first: UploadReport | None
    reports: list[UploadReport]  # the fault run (if it returned) and the rerun, before any check


@pytest.fixture(scope="module", params=SCENARIOS, ids=[i for i, _ in SCENARIOS])
def ran(request, tmp_path_factory):
    """Download, fault, run; then the user's rerun without faults, from the ledger saved on disk.
    Run once per scenario; both tests below judge the same run."""
    name, rules = request.param
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TODAY_VARIABLE, TODAY.isoformat())
        world = World(tmp_path_factory.mktemp(name))
        try:
            world.first_download()
            world.proxy.arm(*rules)
            first = world.run()
            world.proxy.clear()
            assert world.proxy.struck(), "the fault never struck: the scenario tested nothing"
            world.proxy.wait_idle()
            if first is None or not first.complete:
                second = world.run()
                assert second is not None, f"the rerun failed: {world.errors[-1]!r}"
                assert second.complete
            yield Ran(name, world, first, list(world.reports))
        finally:
            world.close()


def test_fault_then_rerun_leaves_gstn_exactly_as_planned(ran):
    world = ran.world
    assert (ran.first is None) == (ran.name in RAISES), world.errors  # which faults make run() raise
    check_gstn_holds_exactly_the_plan(world)
    check_reports(world, exactly_once=False)
    check_third_run_sends_nothing(world)


def test_fault_then_rerun_reports_each_change_saved_once(ran):
    check_reports(ran.world, exactly_once=True, reports=ran.reports)


def test_baseline_without_faults(make_world):
    world = make_world()
    world.first_download()
    report = world.run()
    assert report is not None and report.complete
    plan = world.plan
    sections = {item.record.section.value for item in plan.items}
    assert sections >= {"b2b", "b2ba", "b2bdn", "b2bdna", "b2bcn", "b2bcna"}
    actions = {item.action.value for item in plan.items}
    assert actions == {"A", "R", "P", "N"}
    assert len(plan.changes) > 200 and len(plan.untouched) > 50
    assert report.count("saved") == len(plan.changes)
    assert report.count("unchanged") == len(plan.items) - len(plan.changes)
    check_gstn_holds_exactly_the_plan(world)
    check_reports(world)
    check_third_run_sends_nothing(world)
    assert world.proxy.count("SAVE") + world.proxy.count("RESET") == len(report.requests)


@pytest.mark.parametrize(
    "rules",
    [[Rule("SAVE", "drop_after", skip=1)], [Rule("SAVE", "crash", skip=1)]],
    ids=["drop-after-forward", "crash-after-forward"],
)
def test_encrypted_session_dropped_save_then_new_process(make_world, rules):
    """GSTN's own encryption on: the proxy still sees the action (it is outside the cipher)."""
    world = make_world(records=150, seed=11, chunk=20, encrypt=True)
    world.first_download()
    world.proxy.arm(*rules)
    with contextlib.suppress(Crash):
        world.run(world.uploader(http=CrashingHttp()))
    world.proxy.clear()
    assert world.proxy.struck()
    report = world.run()
    assert report is not None and report.complete, world.errors
    check_gstn_holds_exactly_the_plan(world)
    check_reports(world, exactly_once=False)
    check_third_run_sends_nothing(world)
