"""Vayana EAS specifics: long-running tasks, pages, tokens, EAS's error answers, save/reset, settings.

Every test runs against the sandbox's vayana-eas dialect on the shared fake clock (no real sleep);
"today" is pinned by the suite (tests/conftest.py). Nothing here asserts a time.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.payload.ims import Upload, build_reset, build_save
from india_ims.gstn.adapter import make_client
from india_ims.gstn.adapters import eas_wire
from india_ims.gstn.adapters.eas_tasks import TaskFailed
from india_ims.gstn.errors import (
    GstnApiError,
    GstnAuthError,
    GstnError,
    GstnNoData,
    GstnProviderRefused,
    GstnSessionExpired,
    GstnTransportError,
)
from india_ims.gstn.provider_settings import PROVIDERS, build_settings
from india_ims.gstn.sandbox import TEST_OTP

from .test_upload_faults import assert_consistent, plan

GSTIN = "27AAPFU0939F1ZV"
DOCTYPE = (
    Path(__file__).resolve().parents[2]
    / "india_ims/gst_ims/doctype/ims_settings_gstin/ims_settings_gstin.json"
)


@pytest.fixture
def eas(rig_factory):
    def build(**options):
        return rig_factory(dialect="vayana-eas", encrypt=False, **options)

    return build


# ---------------------------------------------------------------- tasks and pages


def test_a_download_task_in_progress_then_done(eas):
    rig = eas(task_polls=2)
    before = len(rig.clock.sleeps)
    records = rig.client.get_section(Section.B2B)
    assert sorted(r.key for r in records) == sorted(r.key for r in rig.portal.in_ims(Section.B2B))
    assert len(rig.clock.sleeps) - before == 2  # one wait after each "in-progress" answer
    assert all(task.polls_left == 0 for task in rig.server.rest.tasks.values())


def test_several_pages_merged_in_order_nothing_lost_or_repeated(eas):
    rig = eas(task_page_records=7)
    expected = rig.portal.in_ims(Section.B2B)
    assert len(expected) > 3 * 7
    records = rig.client.get_section(Section.B2B)
    (task,) = rig.server.rest.tasks.values()
    assert len(task.pages) == -(-len(expected) // 7) >= 4
    assert [r.key for r in records] == [r.key for r in expected]  # page order, row order kept
    assert not [key for key, n in Counter(r.key for r in records).items() if n > 1]


def test_a_document_on_two_pages_is_refused_not_merged(eas, monkeypatch):
    rig = eas(task_page_records=5)
    dialect = rig.server.rest
    real = dialect._download

    def repeating(query):
        status, answer = real(query)
        task = dialect.tasks[eas_wire.task_id(answer["data"])]
        key = next(iter(task.pages[0]))
        task.pages[1][key].append(task.pages[0][key][0])
        return status, answer

    monkeypatch.setattr(dialect, "_download", repeating)
    with pytest.raises(GstnError, match="on page 0 and again on page 1"):
        rig.client.get_section(Section.B2B)


def test_a_failed_task_names_the_section(eas):
    rig = eas()
    rig.faults.add("task_failed", action="GETINV")
    with pytest.raises(TaskFailed, match=r"IMS download of Credit Note \(b2bcn\).*ended 'failed'"):
        rig.client.get_section(Section.B2BCN)
    assert rig.client.get_section(Section.B2BCN)  # the next task goes through


def test_a_task_still_running_when_the_schedule_ends_names_the_section(eas):
    rig = eas(task_polls=50, settings={"poll_delays": (1.0, 2.0)})
    with pytest.raises(GstnTransportError, match=r"IMS download of .*\(b2b\).*still running"):
        rig.client.get_section(Section.B2B)


def test_a_task_state_nobody_documented_is_refused_with_its_word(eas, monkeypatch):
    rig = eas()
    word = eas_wire.success(eas_wire.task_status_answer("t", "half-done"))
    monkeypatch.setattr(rig.server.rest, "_task", lambda kind, task, page: (200, word))
    with pytest.raises(GstnTransportError, match="state this app does not know .*'half-done'"):
        rig.client.get_section(Section.B2B)


def test_an_empty_section_is_a_task_with_no_pages(eas):
    rig = eas()
    for record in rig.portal.in_ims(Section.ECOMA):
        rig.portal.states.pop(record.key)
    assert rig.client.get_section(Section.ECOMA) == []


# ---------------------------------------------------------------- tokens and sessions


def test_a_token_expiry_mid_download_logs_in_again(eas):
    rig = eas(task_page_records=10)
    logins = rig.client.logins
    rig.faults.add("token_expired", action="TASK_PAGE")  # the second page finds the token expired
    records = rig.client.get_section(Section.B2B)
    assert sorted(r.key for r in records) == sorted(r.key for r in rig.portal.in_ims(Section.B2B))
    assert rig.client.logins == logins + 1 and ("token_expired", "TASK_PAGE") in rig.faults.fired


def test_the_user_token_is_taken_again_before_it_ends(eas):
    rig = eas()
    logins = rig.client.logins
    rig.clock.advance(rig.client.token_minutes * 60 - 120)  # two minutes left: inside the margin
    assert rig.client.get_section(Section.B2BDN) is not None
    assert rig.client.logins == logins + 1 and not rig.faults.fired


def test_adapters_of_one_process_share_the_user_token(eas):
    rig = eas()
    again = make_client(rig.settings, clock=rig.clock)
    again.session.state = rig.client.session.state
    assert again.get_section(Section.B2BDN) is not None and again.logins == 0


def test_the_otp_request_id_travels_between_two_adapters(eas):
    rig = eas()
    first = make_client(rig.settings, clock=rig.clock)
    first.request_otp()
    kept = first.session.pending_app_key  # what the Frappe layer keeps between the two requests
    second = make_client(rig.settings, clock=rig.clock)
    second.session.pending_app_key = kept
    assert second.login(TEST_OTP).auth_token
    assert second.get_counts()


# ---------------------------------------------------------------- errors


def test_an_eas_error_envelope_becomes_the_apps_error():
    answer = eas_wire.failure("Runtime", "GSTR-2B is not generated", "RET2B1023")
    ok, data, (code, message) = eas_wire.read_answer(answer)
    assert (ok, data, code) == (False, None, "RET2B1023") and "Runtime" in message
    ok, _, (code, _) = eas_wire.read_answer(eas_wire.failure("ResourceNotFound", "err-resource-not-found"))
    assert (ok, code) == (False, "ERR-RESOURCE-NOT-FOUND")
    assert eas_wire.read_answer(eas_wire.success({"pages": 2})) == (True, {"pages": 2}, ("", ""))


def test_eas_errors_through_the_sandbox_keep_the_providers_code_and_words(eas, month):
    rig = eas()
    client = make_client(rig.settings, clock=rig.clock)
    client.request_otp()
    with pytest.raises(GstnAuthError, match="AUTH158"):
        client.login("000000")
    with pytest.raises(GstnNoData, match="RET2B1023"):
        rig.client.get_2b(month.period)
    with pytest.raises(GstnApiError, match="err-resource-not-found") as raised:
        rig.client.request_status("no-such-task")
    assert raised.value.code == "ERR-RESOURCE-NOT-FOUND"


def test_wrong_credentials_say_to_check_the_vayana_credentials(eas):
    rig = eas()
    creds = {**rig.settings.credentials, "password": "wrong"}
    client = make_client(replace(rig.settings, credentials=creds), clock=rig.clock)
    with pytest.raises(GstnProviderRefused, match="HTTP 401.*provider credentials.*organisation id"):
        client.request_otp()
    creds = {**rig.settings.credentials, "org_id": "another-org"}
    client = make_client(replace(rig.settings, credentials=creds), clock=rig.clock)
    with pytest.raises(GstnAuthError, match="not in organisation 'another-org'"):
        client.request_otp()


def test_the_sandbox_refuses_a_wrong_organisation_header_with_eas_words(eas):
    rig = eas()
    token = rig.client._user_token()
    status, answer = rig.server.rest.handle(
        "GET", eas_wire.PATHS["invoices"], {}, eas_wire.headers("another-org", token), None
    )
    assert status == 403 and eas_wire.error_key(answer) == "err-invalid-org"


def test_an_ended_gst_session_says_so(eas):
    rig = eas()
    rig.server.auth.expire_all()
    with pytest.raises(GstnSessionExpired):
        rig.client.get_section(Section.B2B)
    assert rig.client.session.state is None


def test_a_429_on_a_page_backs_off_and_goes_through(eas):
    rig = eas(task_page_records=10)
    rig.faults.add("http_429", action="TASK_PAGE", times=2)
    before = len(rig.clock.sleeps)
    records = rig.client.get_section(Section.B2B)
    assert len(records) == len(rig.portal.in_ims(Section.B2B))
    assert len(rig.clock.sleeps) - before >= 2 and ("http_429", "TASK_PAGE") in rig.faults.fired


def test_counts_are_refused_in_words_until_a_path_names_them(eas):
    rig = eas()
    paths = {k: v for k, v in rig.settings.paths.items() if k != "eas:counts"}
    client = make_client(replace(rig.settings, paths=paths), clock=rig.clock)
    client.session.state = rig.client.session.state
    with pytest.raises(GstnError, match="publishes no counts call.*'eas:counts'"):
        client.get_counts()
    download = client.download([Section.B2BDN])
    assert download.records and "counts call" in download.counts_error


def test_the_supplier_view_is_refused_in_words(eas, month):
    rig = eas()
    with pytest.raises(GstnError, match="publishes no supplier view"):
        rig.client.supplier_sales(month.period)


# ---------------------------------------------------------------- save, status, reset


def test_save_then_status(eas):
    rig = eas(task_polls=1)
    rig.uploader.download()
    record = rig.portal.in_ims(Section.B2B)[0]
    body = build_save(rig.ledger.gstin, [Upload(record, Action.ACCEPT, record.action)])
    reference = rig.client.submit("SAVE", body)
    assert rig.client.request_status(reference).in_progress  # the task's first poll: in progress
    status = rig.client.wait_for_request(reference)
    assert (status.status, status.processed) == ("P", 1)
    assert rig.portal.held()[record.key] is Action.ACCEPT


def test_reset(eas):
    rig = eas()
    rig.uploader.download()
    record = rig.portal.in_ims(Section.B2B)[0]
    body = build_save(rig.ledger.gstin, [Upload(record, Action.REJECT, record.action)])
    assert rig.client.wait_for_request(rig.client.submit("SAVE", body)).status == "P"
    body = build_reset(rig.ledger.gstin, [Upload(record, Action.NO_ACTION, Action.REJECT)])
    reset = rig.client.submit("RESET", body)
    assert rig.client.wait_for_request(reset).status == "P"
    assert rig.portal.held()[record.key] is Action.NO_ACTION


def test_a_failed_save_task_is_learnt_from_a_fresh_download(eas):
    rig = eas()
    items = plan(rig)
    rig.faults.add("task_failed", action="SAVE")
    report = rig.uploader.run(items)
    assert any("EAS_TASK_FAILED" in str(r[3]) for r in report.requests)
    assert rig.uploader.run(items).complete
    assert_consistent(rig, items)


# ---------------------------------------------------------------- IMS Settings


def test_ims_settings_row_maps_to_the_eas_adapter():
    row = {
        "gstin": GSTIN,
        "portal_username": "user1",
        "provider": "Vayana Enriched API (EAS)",
        "vayana_email": "accounts@example.com",
        "vayana_password": "secret",
        "vayana_org_id": "org-1",
    }
    live = build_settings({}, row)
    assert (live.provider, live.base_url, live.encrypt) == ("vayana-eas", eas_wire.LIVE_HOST, False)
    assert live.credentials == {"email": "accounts@example.com", "password": "secret", "org_id": "org-1"}
    assert live.max_body_bytes == 4 * 1024 * 1024 and not live.client_id
    assert build_settings({}, {**row, "sandbox_environment": "test"}).base_url == eas_wire.SOLO_HOST
    assert type(make_client(live)).__name__ == "VayanaEasClient"
    with pytest.raises(ValueError, match="Vayana organisation id"):
        build_settings({}, {**row, "vayana_org_id": ""})


def test_the_solo_host_logs_in_on_vayanas_sandbox_auth_host():
    row = {"gstin": GSTIN, "provider": "Vayana Enriched API (EAS)", "vayana_email": "a@example.com",
           "vayana_password": "s", "vayana_org_id": "o", "sandbox_environment": "test"}
    client = make_client(build_settings({}, row))
    assert client._url("authtokens") == "https://sandbox.services.vayananet.com/theodore/apis/v1/authtokens"
    assert client._url("task_page", task="t1", page=0).startswith(eas_wire.SOLO_HOST + "/enriched/tasks/")


def test_the_doctype_offers_every_provider_and_stays_valid_json():
    with open(DOCTYPE, encoding="utf-8") as handle:
        doctype = json.load(handle)
    provider = next(f for f in doctype["fields"] if f["fieldname"] == "provider")
    assert provider["options"].split("\n") == list(PROVIDERS)


def test_the_daily_schedule_asks_for_the_supplier_view_only_where_the_provider_publishes_it():
    from india_ims.gstn.provider_settings import PROVIDERS, offers_supplier_view

    assert not offers_supplier_view("Vayana Enriched API (EAS)")
    assert all(offers_supplier_view(label) for label in PROVIDERS if label != "Vayana Enriched API (EAS)")
    assert offers_supplier_view(None)  # a row with no provider chosen is the local sandbox
