"""An amendment of a test's record, made the way a supplier's GSTR-1A or later return reports it
(no frappe import: bench and browser tests share it)."""

from __future__ import annotations

from dataclasses import replace

from india_ims.gst_india.documents import Amounts, Section


def halved_amendment(original, number: str, **changes):
    """``original`` amended to half its value under ``number`` (its section's amendment section,
    naming the original's number and date); ``changes`` set other fields (a later period, say)."""
    halved = Amounts(*(value // 2 for value in (
        original.amounts.taxable_value, original.amounts.igst, original.amounts.cgst,
        original.amounts.sgst, original.amounts.cess,
    )))
    amendment_section = Section(original.section.value + "a")
    return replace(
        original, section=amendment_section, document_number=number, original_number=original.document_number,
        original_date=original.document_date, amounts=halved, document_value=original.document_value // 2,
        checksum=None, **changes,
    )
