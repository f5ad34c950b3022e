"""FAQ 30: one action on many records, validated per record; caller picks the mode."""

import pytest

from india_ims.gst_india.documents import Action, MatchStatus, Section
from india_ims.gst_india.errors import GstError
from india_ims.gst_india.rules import check_bulk

from .factories import context, record, state


def _mixed():
    return [
        state(record(Section.B2B, "OK-1")),
        state(record(Section.B2B, "MISS-1"), match_status=MatchStatus.MISSING_IN_PI),
        state(record(Section.B2B, "DONE-1", period="092025", action=Action.REJECT)),
        state(record(Section.B2B, "OK-2", action=Action.ACCEPT)),
    ]


def test_faq30_valid_only_applies_the_allowed_and_reports_each_refusal():
    bulk = check_bulk(_mixed(), Action.ACCEPT, context(filed=("092025",)), mode="valid_only")
    assert [i.decision.code for i in bulk.items] == [
        "ALLOWED", "ACCEPT_MISSING_IN_PI", "FROZEN_3B_FILED", "UNCHANGED"
    ]
    assert [s.record.document_number for s in bulk.applied] == ["OK-1"]
    assert bulk.applied[0].local_action is Action.ACCEPT
    assert bulk.refusal_counts() == {"ACCEPT_MISSING_IN_PI": 1, "FROZEN_3B_FILED": 1}
    assert "MISS-1" in bulk.refused[0].decision.message
    assert not bulk.ok


def test_faq30_all_or_nothing_applies_nothing_when_one_is_refused():
    bulk = check_bulk(_mixed(), Action.ACCEPT, context(filed=("092025",)), mode="all_or_nothing")
    assert bulk.applied == () and len(bulk.refused) == 2


def test_faq30_all_or_nothing_applies_all_when_all_are_valid():
    states = [state(record(Section.B2B, f"R-{n}")) for n in range(3)]
    bulk = check_bulk(states, "Rejected", context(), mode="all_or_nothing")
    assert bulk.ok and [s.local_action for s in bulk.applied] == [Action.REJECT] * 3


def test_faq30_bulk_override_reason_applies_to_each_missing_in_pi_record():
    states = [state(record(Section.B2B, f"M-{n}"), match_status=MatchStatus.MISSING_IN_PI) for n in range(2)]
    bulk = check_bulk(states, Action.ACCEPT, context(), override_reason="bills awaited")
    assert bulk.ok and all(s.override_reason == "bills awaited" for s in bulk.applied)


def test_bulk_mode_must_be_known():
    with pytest.raises(GstError, match="all_or_nothing"):
        check_bulk([], Action.ACCEPT, context(), mode="some")


def test_faq12_bulk_back_to_gstns_action_drops_the_local_intent():
    intended = state(record(Section.B2B, "BACK-1", action=Action.ACCEPT), local_action=Action.REJECT)
    bulk = check_bulk([intended], Action.ACCEPT, context())
    assert bulk.items[0].decision.code == "UNCHANGED"
    assert [s.local_action for s in bulk.applied] == [Action.ACCEPT]
