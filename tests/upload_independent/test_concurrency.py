"""Two uploads for one GSTIN at once (two threads of one worker process) must not both send.

GSTN refuses a SAVE while another of the GSTIN is processing; the client promises never two uploads
at once for one GSTIN. Each SAVE/RESET is held 30 ms at the proxy so that, were the two runs not
serialised, their requests would overlap there (the proxy records the most writes in flight at once).
"""

from __future__ import annotations

import threading

import pytest

from india_ims.gstn.errors import GstnBusyError
from india_ims.gstn.upload import Uploader

from .proxy import Rule
from .world import (
    check_gstn_holds_exactly_the_plan,
    check_reports,
    check_third_run_sends_nothing,
)

SLOW_WRITES = [
    Rule("SAVE", "delay_before", delay=0.03, times=None),
    Rule("RESET", "delay_before", delay=0.03, times=None),
]


def race(world, uploaders) -> list:
    """Start the uploads together; return their reports (or the exception each raised)."""
    barrier = threading.Barrier(len(uploaders))
    results: list = [None] * len(uploaders)

    def go(i, uploader):
        barrier.wait()
        try:
            results[i] = uploader.run(world.plan.items)
        except Exception as error:  # noqa: BLE001 - reported below
            results[i] = error

    threads = [threading.Thread(target=go, args=(i, u)) for i, u in enumerate(uploaders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "an upload hung"
    return results


def judge(world, results) -> None:
    """Exactly one upload runs; every other is refused at once (GstnBusyError), having sent nothing;
    GSTN ends holding the plan, each change applied once and reported saved once."""
    busy = [r for r in results if isinstance(r, GstnBusyError)]
    ran = [r for r in results if not isinstance(r, BaseException)]
    assert len(ran) == 1 and len(busy) == len(results) - 1, results
    failed = [o for o in ran[0].outcomes if o.status == "failed"]
    assert not failed, f"{len(failed)} failed, e.g. {failed[:2]}"
    assert world.proxy.max_writes_in_flight == 1, "two uploads had a SAVE/RESET at GSTN at once"
    world.reports.extend(ran)
    if not ran[0].complete:  # a dropped answer may leave work for the user's next run
        assert world.run() is not None, world.errors
    check_gstn_holds_exactly_the_plan(world)
    check_reports(world, exactly_once=True)
    writes = world.proxy.count("SAVE", upstream=False) + world.proxy.count("RESET", upstream=False)
    lost = world.proxy.struck().count("SAVE:drop_after")  # sent, answer never seen: no reference id
    assert writes == sum(len(r.requests) for r in world.reports) + lost
    check_third_run_sends_nothing(world)


@pytest.mark.parametrize("ledgers", ["shared-ledger", "own-ledgers"])
def test_two_uploads_at_once_do_not_both_send(make_world, ledgers):
    world = make_world(records=150, seed=11, chunk=20)
    world.first_download()
    world.proxy.arm(*SLOW_WRITES)
    first = world.uploader()
    if ledgers == "shared-ledger":
        second = Uploader(world.client(), world.ledger, on_change=world.persist)
    else:
        second = world.uploader()  # its own copy of the ledger as saved on disk
    judge(world, race(world, [first, second]))


def test_three_uploads_at_once_with_a_dropped_answer(make_world):
    world = make_world(records=150, seed=11, chunk=20)
    world.first_download()
    world.proxy.arm(Rule("SAVE", "drop_after", skip=1), *SLOW_WRITES)
    judge(world, race(world, [world.uploader(), world.uploader(), world.uploader()]))
