"""A sandbox recipient month behind the fault proxy, a plan of actions, and the checks of every scenario.

Only public entry points are used: ``seed.generated``, ``make_portal``, ``SandboxServer`` (its
``client_settings`` and ``/sandbox/state``), ``GstnClient``, ``Ledger.to_dict/from_dict``, ``Uploader``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import requests

from india_ims.gst_india.documents import Action, ImsRecord
from india_ims.gst_india.rules import RecordState, check_action
from india_ims.gst_india.rules.declaration import default_declaration, needs_declaration
from india_ims.gstn.client import GstnClient
from india_ims.gstn.ledger import Ledger, key_text
from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal
from india_ims.gstn.sandbox import seed as seeds
from india_ims.gstn.upload import Uploader, UploadItem, UploadReport

from .proxy import FaultProxy

TODAY = date(2026, 12, 4)
PERIOD = "112026"  # the return period open on 4 December 2026
TIMEOUT = 0.25  # the client's socket timeout; a ``delay_*`` fault waits longer than this
PREFERENCE = (Action.ACCEPT, Action.REJECT, Action.PENDING, Action.NO_ACTION)


def seeded_records(records: int, seed: int) -> tuple[str, list[ImsRecord], list]:
    """A generated month ("returns" profile: every B2B/CN/DN section and their amendments), with a
    tenth of the records already Accepted at GSTN and a tenth already Rejected."""
    month = seeds.generated(seed, records, "returns", period=PERIOD)
    held = []
    for i, record in enumerate(month.records):
        if i % 10 == 1:
            record = replace(record, action=Action.ACCEPT)
        elif i % 10 == 2:
            record = replace(record, action=Action.REJECT)
        held.append(record)
    return month.gstin, held, month.history


@dataclass
class Plan:
    items: list[UploadItem]
    initial: dict[str, str]  # key text -> action GSTN held before any upload
    intended: dict[str, str]  # key text -> action the user wants (acted records only)
    changes: set[str] = field(default_factory=set)  # intended differs from initial

    @property
    def untouched(self) -> set[str]:
        return set(self.initial) - set(self.intended)


def plan_actions(records: list[ImsRecord], context) -> Plan:
    """Every fifth record is left alone; every thirteenth re-asserts what GSTN holds; the rest take
    the next allowed action in A, R, P, N order that differs from GSTN's (credit notes accepted with
    the default declaration, as the app's bulk Accept does)."""
    items: list[UploadItem] = []
    initial = {key_text(r.key): r.action.value for r in records}
    intended: dict[str, str] = {}
    for i, record in enumerate(sorted(records, key=lambda r: r.key)):
        if i % 5 == 0:
            continue
        state = RecordState(record)
        order = PREFERENCE[i % 4:] + PREFERENCE[: i % 4]
        if i % 13 == 3:
            order = (record.action,)
        for action in order:
            if action is record.action and i % 13 != 3:
                continue
            reduction, remarks = None, None
            if action is Action.ACCEPT and needs_declaration(state, context):
                reduction, remarks = default_declaration(record, "Y", None) or (None, None)
            if check_action(state, action, context, remarks=remarks, itc_reduction=reduction).allowed:
                items.append(UploadItem(record, action, remarks, reduction))
                intended[key_text(record.key)] = action.value
                break
    changes = {k for k, a in intended.items() if initial[k] != a}
    return Plan(items, initial, intended, changes)


class World:
    """Sandbox (its own HTTP server) <- FaultProxy <- client. The ledger lives in a JSON file."""

    def __init__(self, tmp_path: Path, *, records: int = 300, seed: int = 7, chunk: int = 25, encrypt=False):
        self.gstin, self.records, history = seeded_records(records, seed)
        self.portal = make_portal(
            self.records, gstin=self.gstin, period=PERIOD, today=TODAY, history=history, encrypt=encrypt
        )
        self.server = SandboxServer(self.portal).start()
        self.proxy = FaultProxy(self.server.root_url).__enter__()
        self.chunk = chunk
        self.ledger_path = tmp_path / "ledger.json"
        self.reports: list[UploadReport] = []
        self.errors: list[BaseException] = []
        self.saves_of_ledger = 0
        self.plan = plan_actions(self.records, self.portal.context())

    def close(self) -> None:
        try:
            self.proxy.__exit__(None, None, None)
        finally:
            self.server.stop()

    # ------------------------------------------------------------------ client, ledger, uploader

    def settings(self, **overrides):
        values = {
            "base_url": self.proxy.root_url + "/taxpayerapi",
            "timeout": TIMEOUT,
            "retry_delays": (0.01, 0.01, 0.01),
            "poll_delays": (0.01,) * 6,
            "chunk_records": self.chunk,
            "default_itc_declaration": "Y",
        }
        values.update(overrides)
        return self.server.client_settings(**values)

    def client(self, http=None, **overrides) -> GstnClient:
        client = GstnClient(self.settings(**overrides), http=http)
        client.request_otp()
        client.login(TEST_OTP)
        return client

    def persist(self, ledger: Ledger) -> None:
        """Written atomically, as a job's database row would be: a crash leaves the previous copy."""
        self.saves_of_ledger += 1
        tmp = self.ledger_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(ledger.to_dict(), sort_keys=True))
        os.replace(tmp, self.ledger_path)

    def load_ledger(self) -> Ledger:
        if not self.ledger_path.exists():
            return Ledger(self.gstin)
        return Ledger.from_dict(json.loads(self.ledger_path.read_text()))

    def uploader(self, http=None, on_change=None, **overrides) -> Uploader:
        """A new process: a new client (logged in), the ledger as last saved on disk."""
        self.ledger = self.load_ledger()
        return Uploader(self.client(http, **overrides), self.ledger, on_change=on_change or self.persist)

    def first_download(self) -> None:
        """What the app does before the user decides: GETINV of every section, ledger saved."""
        self.uploader().download()
        self.persist(self.ledger)

    def run(self, uploader: Uploader | None = None, items=None) -> UploadReport | None:
        """One upload; an exception (or a ``Crash``) is kept, as the job log would, and None returned."""
        uploader = uploader or self.uploader()
        try:
            report = uploader.run(self.plan.items if items is None else items)
        except Exception as error:  # noqa: BLE001 - a failed run is part of the scenario
            self.errors.append(error)
            return None
        self.reports.append(report)
        return report

    # ------------------------------------------------------------------ GSTN's truth

    def state(self) -> dict:
        """The sandbox's own admin route, straight to the server (not through the proxy)."""
        self.proxy.wait_idle()
        return requests.get(self.server.root_url + "/sandbox/state", timeout=10).json()


def _download(world: World) -> list[ImsRecord]:
    """GETINV of every section through a new client straight to the sandbox, as another user sees it."""
    client = GstnClient(world.settings(base_url=world.server.base_url))
    client.request_otp()
    client.login(TEST_OTP)
    return Uploader(client, Ledger(world.gstin)).download()


def saved_counts(reports: list[UploadReport]) -> Counter:
    """Per key text: how many runs reported it ``saved`` (GSTN confirmed it in that run)."""
    counts: Counter = Counter()
    for report in reports:
        for outcome in report.outcomes:
            if outcome.status == "saved":
                counts[key_text(outcome.key)] += 1
    return counts


def check_gstn_holds_exactly_the_plan(world: World) -> dict:
    """GSTN holds every intended action, nothing else changed, and every change was applied once."""
    state = world.state()
    held, applied, plan = state["held"], state["applied"], world.plan
    wrong = {k: (held.get(k), a) for k, a in plan.intended.items() if held.get(k) != a}
    assert not wrong, f"{len(wrong)} intended actions not held at GSTN, e.g. {list(wrong.items())[:3]}"
    moved = {k: (plan.initial[k], held.get(k)) for k in plan.untouched if held.get(k) != plan.initial[k]}
    assert not moved, f"{len(moved)} records the user did not act on changed: {list(moved.items())[:3]}"
    repeated = {k: v for k, v in applied.items() if len(v) > 1}
    assert not repeated, f"{len(repeated)} records with an action applied twice: {list(repeated.items())[:3]}"
    for key in plan.changes:
        assert [a for _, a in applied.get(key, [])] == [plan.intended[key]], (key, applied.get(key))
    stray = set(applied) - plan.changes
    assert not stray, f"actions applied to records whose action was not to change: {sorted(stray)[:3]}"
    fresh = _download(world)
    downloaded = {key_text(r.key): r.action.value for r in fresh}
    assert all(downloaded[k] == a for k, a in plan.intended.items())
    assert world.load_ledger().held == world.portal.held(), "the saved ledger differs from GSTN"
    return state


class ReportLost(AssertionError):
    """A change GSTN confirmed that no run ever reported ``saved``."""


def check_reports(world: World, *, exactly_once: bool = True, reports=None) -> Counter:
    """No change counted saved twice across the runs; the last run leaves nothing failed or waiting;
    with ``exactly_once`` every change was reported ``saved`` by exactly one run."""
    reports = world.reports if reports is None else reports
    counts = saved_counts(reports)
    twice = {k: n for k, n in counts.items() if n > 1}
    assert not twice, f"{len(twice)} actions reported saved by more than one run: {list(twice.items())[:3]}"
    not_changes = set(counts) - world.plan.changes
    assert not not_changes, f"records reported saved that needed no change: {sorted(not_changes)[:3]}"
    last = reports[-1]
    bad = Counter(o.status for o in last.outcomes if o.status not in ("saved", "unchanged"))
    assert not bad, f"last run left {dict(bad)}"
    if exactly_once:
        missing = world.plan.changes - set(counts)
        if missing:
            raise ReportLost(f"{len(missing)} changes never reported saved, e.g. {sorted(missing)[:3]}")
    return counts


def check_third_run_sends_nothing(world: World) -> UploadReport:
    mark = world.proxy.mark()
    report = world.run()
    assert report is not None, world.errors[-1]
    sent = [e for e in world.proxy.since(mark) if e.kind in ("SAVE", "RESET")]
    assert not sent, f"a run after completion sent {len(sent)} SAVE/RESET requests"
    assert {o.status for o in report.outcomes} == {"unchanged"}
    assert len(report.outcomes) == len(world.plan.items)
    return report
