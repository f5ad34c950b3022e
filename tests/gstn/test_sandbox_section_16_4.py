"""The GSTN sandbox removes records kept Pending past Section 16(4), as the portal does (FAQ 21)."""

from datetime import date, timedelta

from india_ims.gst_india.documents import Action, Section
from india_ims.gstn.sandbox.portal import Portal, PortalConfig
from tests.rules.factories import record

TODAY = date(2026, 11, 30)  # the last day of Section 16(4) for FY 2025-26
GSTIN = "29AAJCM5823E1ZC"


def _portal():
    march = TODAY.replace(month=3, day=31)  # FY 2025-26's last day
    pending = record(Section.B2B, "OLD-P", period=f"{march:%m%Y}", day=march, action=Action.PENDING)
    accepted = record(Section.B2B, "OLD-A", period=f"{march:%m%Y}", day=march, action=Action.ACCEPT)
    note = record(Section.B2BCN, "CN-P", period=f"{march:%m%Y}", day=march, action=Action.PENDING)
    config = PortalConfig(GSTIN, "user", f"{march:%m%Y}", TODAY)
    return Portal.seeded(config, [pending, accepted, note])


def test_faq21_pending_invoice_is_served_until_30_november_and_gone_on_1_december():
    portal = _portal()
    assert {r.document_number for r in portal.in_ims()} == {"OLD-P", "OLD-A", "CN-P"}
    portal.config.today = TODAY + timedelta(days=1)
    served = {r.document_number for r in portal.in_ims()}
    # the pending invoice leaves; an accepted one waits for its 3B, a credit note has no 16(4) limit
    assert served == {"OLD-A", "CN-P"}
    assert portal.expire_section_16_4() == 0  # removed once
    assert not any(key[2] == "OLD-P" for key in portal.held())
