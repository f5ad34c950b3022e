"""Sandbox state files, admin routes, supplier behaviour and the ``india-ims sandbox`` command."""

import argparse
import json

import requests

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gstn.ledger import key_text
from india_ims.gstn.sandbox import load_portal, save_portal
from india_ims.gstn.upload import UploadItem


def test_state_round_trips_through_a_file(rig, tmp_path, month):
    rig.uploader.download()
    items = [UploadItem(r, Action.ACCEPT) for r in rig.portal.in_ims(Section.B2B)[:5]]
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
