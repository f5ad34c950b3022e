"""Client against sandbox, end to end over HTTP, one test per fault: no action lost, none applied twice,
and the client's ledger equals what the sandbox holds at the end of each test."""

from collections import Counter

import pytest

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gstn.ledger import Ledger
from india_ims.gstn.settings import DEFAULT_POLL_DELAYS
from india_ims.gstn.upload import Uploader, UploadItem

TIMEOUT = {"timeout": 0.4}  # the sandbox stalls 0.8 s on a timeout fault


def plan(rig) -> list[UploadItem]:
    """A realistic mix over three sections: accepts, pendings (where allowed), rejects."""
    rig.uploader.download()
    b2b = rig.portal.in_ims(Section.B2B)
    free = [r for r in b2b[30:] if not r.pending_blocked][:8]
    notes = rig.portal.in_ims(Section.B2BCN)[:6]
    debit = rig.portal.in_ims(Section.B2BDN)[:5]
    return (
        [UploadItem(r, Action.ACCEPT) for r in b2b[:30]]
        + [UploadItem(r, Action.PENDING) for r in free]
        + [UploadItem(r, Action.REJECT) for r in notes + debit]
    )


def assert_consistent(rig, items, ledger=None):
    ledger = ledger or rig.ledger
    held = rig.portal.held()
    lost = [i.key for i in items if held[i.key] is not i.action]
    assert not lost, f"actions lost: {lost[:3]}"
    twice = {k: v for k, v in rig.portal.applied.items() if len(v) > 1}
    assert not twice, f"applied twice: {list(twice.items())[:3]}"
    assert ledger.held == held
    assert not ledger.in_flight and not ledger.uncertain_sections


def test_no_fault_baseline(rig):
    items = plan(rig)
    report = rig.uploader.run(items)
    assert report.complete and report.count("saved") == len(items)
    assert {r[2] for r in report.requests} == {"b2b", "b2bcn", "b2bdn"}
    assert_consistent(rig, items)


def test_running_the_same_upload_twice_is_harmless(rig):
    items = plan(rig)
    rig.uploader.run(items)
    again = rig.uploader.run(items)
    assert again.count("unchanged") == len(items) and not again.requests
    assert_consistent(rig, items)


@pytest.mark.parametrize("kind", ["timeout", "http_500", "drop"])
@pytest.mark.parametrize("when", ["before", "after"])
def test_save_without_an_answer_is_never_sent_blindly_again(rig_factory, kind, when):
    rig = rig_factory(settings=TIMEOUT)
    items = plan(rig)
    rig.faults.add(kind, action="SAVE", when=when, delay=0.8)
    report = rig.uploader.run(items)
    assert "b2b" in report.refreshed_sections  # the struck section was downloaded again
    assert report.complete, [o for o in report.outcomes if o.status != "saved"][:3]
    b2b_requests = [r for r in rig.portal.requests.values() if r.rows[0].section is Section.B2B]
    assert (
        len(b2b_requests) == 1
    )  # GSTN got the b2b SAVE once: taken the first time, or sent again after "before"
    assert_consistent(rig, items)


@pytest.mark.parametrize("kind", ["timeout", "drop", "http_500"])
def test_lost_status_polls_are_repeated(rig_factory, kind):
    rig = rig_factory(settings=TIMEOUT)
    items = plan(rig)
    rig.faults.add(kind, action="REQSTS", times=2, delay=0.8)
    report = rig.uploader.run(items)
    assert report.complete
    assert_consistent(rig, items)


def test_partial_errors_count_only_what_went_through(rig):
    items = plan(rig)
    rig.faults.add("partial", action="SAVE", records=3)
    report = rig.uploader.run(items)
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert len(failed) == 3 and {o.error_code for o in failed} == {"IMS_TEMPORARY"}
    assert "PE" in {r[3] for r in report.requests}
    held = rig.portal.held()
    assert all(held[o.key] is not o.action for o in failed)  # really not applied at GSTN
    assert rig.ledger.held == held
    again = rig.uploader.run(items)
    assert again.count("saved") == 3 and again.complete
    assert_consistent(rig, items)


def test_slow_processing_is_resumed_and_blocks_a_second_upload(rig, month):
    items = plan(rig)
    rig.faults.add("slow", action="SAVE", polls=12)
    first = rig.uploader.run(items)
    assert first.count("waiting") > 0 and rig.ledger.in_flight
    assert rig.clock.sleeps[-len(DEFAULT_POLL_DELAYS) :] == list(
        DEFAULT_POLL_DELAYS
    )  # 2 s, 3 s, 15 s ... 12 min
    # Meanwhile another process (its own ledger) wants to upload: GSTN refuses, nothing is lost.
    other = Uploader(rig.new_client(), Ledger(month.gstin))
    other.download()
    from india_ims.gstn.errors import GstnBusyError

    with pytest.raises(GstnBusyError, match="still being processed"):
        other.run([UploadItem(r, Action.REJECT) for r in rig.portal.in_ims(Section.B2BDN)[5:7]])
    second = rig.uploader.run(items)
    assert second.complete
    assert_consistent(rig, items)


def test_crash_after_submit_resumes_from_the_saved_ledger(rig, month):
    items = plan(rig)

    class Crash(Exception):
        pass

    def crash_once_in_flight(ledger):
        rig.saved.append(ledger.to_dict())
        if ledger.in_flight:
            raise Crash()

    crashing = Uploader(rig.client, rig.ledger, on_change=crash_once_in_flight)
    with pytest.raises(Crash):
        crashing.run(items)
    resumed_ledger = Ledger.from_dict(rig.saved[-1])
    assert resumed_ledger.in_flight  # the reference id survived the crash
    resumed = Uploader(rig.new_client(), resumed_ledger)
    report = resumed.run(items)
    assert report.complete
    assert_consistent(rig, items, resumed_ledger)


def test_crash_before_the_reference_id_is_known(rig):
    items = plan(rig)
    rig.faults.add("drop", action="SAVE", when="after")

    class Crash(Exception):
        pass

    def crash_when_uncertain(ledger):
        rig.saved.append(ledger.to_dict())
        if ledger.uncertain_sections and len(rig.saved) > 3:
            raise Crash()

    with pytest.raises(Crash):
        Uploader(rig.client, rig.ledger, on_change=crash_when_uncertain).run(items)
    resumed_ledger = Ledger.from_dict(rig.saved[-1])
    assert resumed_ledger.uncertain_sections
    report = Uploader(rig.client, resumed_ledger).run(items)
    assert report.complete
    assert_consistent(rig, items, resumed_ledger)


def test_one_upload_at_a_time_in_a_process(rig):
    from india_ims.gstn.errors import GstnBusyError
    from india_ims.gstn.upload import _gstin_lock

    items = plan(rig)
    lock = _gstin_lock(rig.ledger.gstin)
    with lock, pytest.raises(GstnBusyError, match="already running"):
        rig.uploader.run(items)
    assert rig.uploader.run(items).complete


def test_stale_prev_status_is_learnt_from_gstn_and_retried(rig):
    items = plan(rig)
    rig.uploader.run(items)
    # Accepted at GSTN; then the supplier edits it before filing (FAQ 16): new values, action reset.
    target = next(i for i in items if not i.record.supplier_filed and i.action is not Action.NO_ACTION)
    raised = Amounts(target.record.amounts.taxable_value + 10_000, *target.record.amounts.tax_dict().values())
    rig.portal.supplier_edit(target.key, raised)
    assert rig.portal.held()[target.key] is Action.NO_ACTION
    assert rig.ledger.held[target.key] is target.action  # the client does not know yet
    bodies = []
    submit = rig.client.submit
    rig.client.submit = lambda kind, body: bodies.append(body) or submit(kind, body)

    report = rig.uploader.run([UploadItem(target.record, Action.REJECT)])  # the caller's copy predates it
    assert report.complete and target.key[0] in report.refreshed_sections
    assert [r[3] for r in report.requests] == ["ER", "P"]  # refused for prev_status, then taken
    assert rig.portal.held()[target.key] is Action.REJECT
    assert rig.ledger.held == rig.portal.held()
    first, second = (body["invdata"][target.key[0]][0] for body in bodies)
    assert (first["prev_status"], second["prev_status"]) == (target.action.value, "N")
    assert second["txval"] == first["txval"] + 100  # GSTN's edited values echoed, not the stale copy


def test_pending_where_blocked_is_refused_by_gstn_and_never_sent_by_the_client(rig):
    rig.uploader.download()
    notes = rig.portal.in_ims(Section.B2BCN)  # credit notes: Pending blocked in this month
    blocked, other = [r for r in notes if r.pending_blocked][:2], notes[-1]
    assert len(blocked) == 2 and other not in blocked
    # The client refuses locally ...
    report = rig.uploader.run([UploadItem(r, Action.PENDING) for r in blocked])
    assert {o.status for o in report.outcomes} == {"refused"} and not report.requests
    # ... and GSTN (through the rules engine) refuses a raw request that tries.
    from india_ims.gst_india.payload.ims import Upload, build_save
    from india_ims.gst_india.rules.declaration import default_declaration

    reduction, remarks = default_declaration(other, "Y", None)  # GSTN wants itcRedReq on a note's Accept
    body = build_save(
        rig.ledger.gstin,
        [Upload(r, Action.PENDING, r.action) for r in blocked]
        + [Upload(other, Action.ACCEPT, other.action, remarks, reduction)],
    )
    status = rig.client.wait_for_request(rig.client.submit("SAVE", body))
    assert status.status == "PE"
    assert Counter(e.code for e in status.record_errors) == Counter({"PENDING_BLOCKED": 2})
    assert rig.portal.held()[other.key] is Action.ACCEPT
    assert all(rig.portal.held()[r.key] is r.action for r in blocked)


def test_actions_after_gstr3b_filing_are_refused(rig, month):
    items = plan(rig)
    rig.uploader.run(items)
    rig.portal.file_gstr3b(month.period)
    accepted = next(i for i in items if i.action is Action.ACCEPT and i.record.supplier_filed)
    report = rig.uploader.run([UploadItem(accepted.record, Action.REJECT)])
    outcome = report.outcomes[0]
    assert outcome.status == "failed" and outcome.error_code in ("NOT_IN_IMS", "FROZEN_3B_FILED")
    assert rig.portal.applied[accepted.key] == [(rig.portal.applied[accepted.key][0][0], "A")]
    rig.uploader.download()
    assert rig.ledger.held == rig.portal.held()


def test_reset_to_no_action_goes_through_resetims(rig):
    items = plan(rig)
    rig.uploader.run(items)
    back = [UploadItem(i.record, Action.NO_ACTION) for i in items[:4]]
    report = rig.uploader.run(back)
    assert report.complete and {r[1] for r in report.requests} == {"RESET"}
    assert all(rig.portal.held()[i.key] is Action.NO_ACTION for i in back)
    assert rig.ledger.held == rig.portal.held()


def test_encrypted_upload_survives_a_dropped_answer(rig_factory):
    rig = rig_factory(encrypt=True, settings=TIMEOUT)
    items = plan(rig)
    rig.faults.add("drop", action="SAVE", when="after", times=2)
    report = rig.uploader.run(items)
    assert report.complete
    assert_consistent(rig, items)


def test_session_expiry_mid_upload_stops_without_marking_anything(rig):
    from india_ims.gstn.errors import GstnSessionExpired
    from india_ims.gstn.sandbox import TEST_OTP

    items = plan(rig)
    rig.server.auth.expire_all()
    with pytest.raises(GstnSessionExpired):
        rig.uploader.run(items)
    assert not rig.ledger.uncertain_sections and not rig.ledger.in_flight
    assert rig.ledger.held == rig.portal.held()  # nothing was taken, nothing recorded as taken
    rig.client.request_otp()
    rig.client.login(TEST_OTP)
    assert rig.uploader.run(items).complete
    assert_consistent(rig, items)
