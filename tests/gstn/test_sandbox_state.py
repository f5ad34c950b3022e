"""Sandbox state files, admin routes, supplier behaviour and the ``india-ims sandbox`` command."""

import argparse
import json
import os
import signal
import threading
import time

import requests

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.ledger import key_text
from india_ims.gstn.sandbox import load_portal, load_state, save_portal
from india_ims.gstn.upload import UploadItem


def test_state_round_trips_through_a_file(rig, tmp_path, month):
    rig.uploader.download()
    invoices = rig.portal.in_ims(Section.B2B)
    items = [UploadItem(r, Action.ACCEPT) for r in invoices[:5]]
    items += [UploadItem(r, Action.PENDING) for r in invoices[5:7] if not r.pending_blocked]
    assert rig.uploader.run(items).complete
    rig.portal.file_gstr3b(month.period)
    path = save_portal(rig.portal, tmp_path / "portal.json")
    loaded = load_portal(path)
    assert loaded.held() == rig.portal.held()
    assert loaded.applied == rig.portal.applied
    assert loaded.filed_3b == {month.period}
    in_ims = {k: s.in_ims for k, s in rig.portal.states.items()}
    assert {k: s.in_ims for k, s in loaded.states.items()} == in_ims
    assert loaded.counter == rig.portal.counter  # new reference ids never repeat old ones
    # records Pending at the filing were carried to the next period, and stay carried after a reload
    carried = {k: s.carried_to for k, s in rig.portal.states.items() if s.carried_to}
    assert carried and {k: s.carried_to for k, s in loaded.states.items() if s.carried_to} == carried


def test_admin_routes_drive_the_simulation(rig, tmp_path):
    root = rig.server.root_url + "/sandbox"
    rig.uploader.download()
    unfiled = next(r for r in rig.portal.in_ims() if not r.supplier_filed)
    filed = next(r for r in rig.portal.in_ims(Section.B2B) if r.supplier_filed)

    reply = requests.post(f"{root}/faults", json={"kind": "http_500", "action": "GETCNT"}, timeout=5).json()
    assert reply["armed"][0]["kind"] == "http_500"
    assert requests.delete(f"{root}/faults", timeout=5).json() == {"armed": []}

    edited = requests.post(
        f"{root}/supplier",
        timeout=5,
        json={"op": "edit", "key": key_text(unfiled.key), "amounts": {"taxable_value": 100, "igst": 18}},
    ).json()
    assert edited["record"] == key_text(unfiled.key)
    assert rig.portal.states[unfiled.key].record.amounts == Amounts(10000, 1800)
    amended = requests.post(
        f"{root}/supplier",
        timeout=5,
        json={"op": "amend", "key": key_text(filed.key), "amounts": {"taxable_value": 50, "igst": 9}},
    ).json()
    assert amended["record"].startswith("b2ba|")
    deleted = requests.post(f"{root}/supplier", timeout=5, json={"op": "delete", "key": amended["record"]})
    assert deleted.status_code == 200
    state = requests.get(f"{root}/state", timeout=5).json()
    assert amended["record"] not in state["held"]
    filed_count = requests.post(
        f"{root}/supplier", timeout=5, json={"op": "file", "supplier_gstin": unfiled.supplier_gstin}
    ).json()
    assert filed_count["filed"] >= 1 and rig.portal.states[unfiled.key].record.supplier_filed
    refused = requests.post(
        f"{root}/supplier", timeout=5, json={"op": "delete", "key": key_text(unfiled.key)}
    )
    assert refused.status_code == 400 and "cannot be deleted" in refused.json()["error"]
    bad = requests.post(f"{root}/supplier", timeout=5, json={"op": "explode", "key": amended["record"]})
    assert bad.status_code == 400 and "explode" in bad.json()["error"]

    saved = requests.post(f"{root}/save", json={"path": str(tmp_path / "s.json")}, timeout=5).json()
    assert json.loads((tmp_path / "s.json").read_text())["format"].startswith("india-ims-sandbox")
    assert saved["saved"].endswith("s.json")
    filing = requests.post(f"{root}/gstr3b", json={"period": rig.portal.config.period}, timeout=5).json()
    assert filing["removed"] > 0
    loaded = requests.post(f"{root}/load", json={"path": str(tmp_path / "s.json")}, timeout=5).json()
    assert loaded["records"] == len(rig.portal.states) and not rig.portal.filed_3b
    assert "BEGIN PUBLIC KEY" in requests.get(f"{root}/public-key", timeout=5).json()["public_key"]


def test_supplier_deletion_reaches_the_client(rig):
    rig.uploader.download()
    unfiled = next(r for r in rig.portal.in_ims() if not r.supplier_filed)
    rig.portal.supplier_delete(unfiled.key)
    rig.uploader.download()
    assert unfiled.key not in rig.ledger.held and rig.ledger.held == rig.portal.held()


def test_sandbox_command_builds_a_server_from_a_state_file(rig, tmp_path):
    from india_ims.cli import sandbox as command

    path = save_portal(rig.portal, tmp_path / "state.json")
    args = argparse.Namespace(
        state=path,
        port=0,
        quiet=True,
        sample=False,
        seed=1,
        records=10,
        profile="sample",
        encrypt=False,
        username="u",
        queue_threshold=10_000,
    )
    server = command.build_server(args)
    try:
        assert server.portal.held() == rig.portal.held() and "state file" in server.source
    finally:
        server.httpd.server_close()
    args.state, args.sample = None, True
    server = command.build_server(args)
    try:
        assert len(server.portal.states) == 600 and server.source == "embedded sample month"
    finally:
        server.httpd.server_close()


def _supplier_view(side, period):
    following = str(ReturnPeriod.parse(period).add(1))
    return side.sales(period), side.added_back(following)


def test_the_supplier_side_round_trips_through_a_file(rig, tmp_path):
    side = rig.server.supplier
    period = side.period
    recipient = sorted(side.recipients)[0]
    portal = side.recipients[recipient]
    credit_note = next(
        r for r in portal.in_ims(Section.B2BCN) if portal.states[r.key].gstn_action is Action.NO_ACTION
    )
    side.recipient_acts(recipient, credit_note.key, Action.REJECT, remarks="rate wrong")
    side.recipient_files_3b(recipient, period)
    sales, added_back = _supplier_view(side, period)
    assert added_back and any(line.remarks == "rate wrong" for line in added_back)

    path = save_portal(rig.portal, tmp_path / "state.json", supplier=side)
    portal_again, side_again = load_state(path)
    assert portal_again.held() == rig.portal.held()
    assert (side_again.gstin, side_again.period, side_again.today) == (side.gstin, period, side.today)
    assert _supplier_view(side_again, period) == (sales, added_back)
    # the reloaded buyers still act through GSTN's rules, with fresh reference ids
    other = next(r for r in side_again.recipients[recipient].in_ims(Section.B2B))
    assert side_again.recipient_acts(recipient, other.key, Action.ACCEPT) == "P"


def test_a_state_file_without_a_supplier_side_still_loads(rig, tmp_path):
    path = save_portal(rig.portal, tmp_path / "state.json")
    portal, supplier = load_state(path)
    assert supplier is None and portal.held() == rig.portal.held()


def test_sandbox_command_saves_and_restores_the_supplier_side(tmp_path, monkeypatch):
    """``india-ims sandbox --state FILE`` twice: what buyers did in the first run is there in the second."""
    from india_ims.cli import sandbox as command

    path = tmp_path / "state.json"
    args = argparse.Namespace(
        state=path,
        port=0,
        quiet=True,
        sample=True,
        seed=1,
        records=10,
        profile="sample",
        encrypt=False,
        username="u",
        queue_threshold=10_000,
        dialect="gstn",
    )
    servers = []
    real_build = command.build_server

    def build(arguments):
        server = real_build(arguments)
        servers.append(server)
        return server

    def act_then_stop():
        # the first run: a buyer rejects one of our sales and files its GSTR-3B; then SIGTERM
        while not servers or servers[-1]._thread is None:
            time.sleep(0.02)
        side = servers[-1].supplier
        recipient = sorted(side.recipients)[0]
        portal = side.recipients[recipient]
        record = next(r for r in portal.in_ims() if portal.states[r.key].gstn_action is Action.NO_ACTION)
        side.recipient_acts(recipient, record.key, Action.REJECT, remarks="not ours")
        side.recipient_files_3b(recipient, side.period)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(command, "build_server", build)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        thread = threading.Thread(target=act_then_stop)
        thread.start()
        assert command.run(args) == 0
        thread.join(10)
    finally:
        signal.signal(signal.SIGTERM, previous)
    first = servers[0].supplier
    saved = json.loads(path.read_text())["supplier"]
    assert saved["gstin"] == first.gstin and set(saved["recipients"]) == set(first.recipients)

    second = real_build(args)
    try:
        assert _supplier_view(second.supplier, first.period) == _supplier_view(first, first.period)
        remarks = [s.remarks for p in second.supplier.recipients.values() for s in p.states.values()]
        assert "not ours" in remarks
        held = {g: p.held() for g, p in second.supplier.recipients.items()}
        assert held == {g: p.held() for g, p in first.recipients.items()}
    finally:
        second.httpd.server_close()
