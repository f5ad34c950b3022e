"""Messages name return periods as people read them ("Nov 2026"), never as the wire's MMYYYY."""

from __future__ import annotations

from india_ims.gst_india.documents import Section
from india_ims.gst_india.rules.amendments import unknown_original_text
from india_ims.gst_india.rules.lifecycle import decide_gstr2b_period
from india_ims.gst_india.rules.model import period_label
from tests.rules.factories import record, state


def test_a_records_label_names_its_return_period_by_month():
    label = state(record(Section.B2B, "INV-7", period="112025")).label
    assert label.endswith("(return period Nov 2025)") and "112025" not in label


def test_the_gstr2b_period_basis_names_the_suppliers_return_period_by_month():
    text = decide_gstr2b_period(record(period="102025")).text
    assert "the supplier's return period Oct 2025" in text and "102025" not in text


def test_an_unknown_original_names_its_return_period_by_month():
    text = unknown_original_text("INV-9", "092025")
    assert "of return period Sep 2025" in text and "092025" not in text


def test_text_that_is_no_period_is_shown_as_it_is():
    assert period_label("13-2025") == "13-2025"
