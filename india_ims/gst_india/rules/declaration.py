"""Accepting a credit note needs a declared ITC reduction (spec 1.8; GSTN's IMSSAV0054).

GSTN refuses an Accept of a credit note without ``itcRedReq`` ("Please enter value for the column
itcRedReq"). The app never sends one: the user declares it on the record (Y with the amounts, or N:
ITC not availed), or the taxpayer sets a default once (IMS Settings), which bulk Accept then applies
to every credit note. Without either, the Accept is refused before anything is uploaded.
"""

from __future__ import annotations

from ..documents import Action, ImsRecord, ItcReduction, Section
from ..money import format_inr
from .classify import OCTOBER_2025, reducible_itc, rule_period
from .model import RecordState, RuleContext

# Only original credit notes have been seen refused (spec 1.8); amendments keep their own rules.
DECLARATION_SECTIONS = frozenset({Section.B2BCN})
DEFAULTS = {"Y": "Y: reverse the credit note's full tax", "N": "N: ITC was not availed"}


def needs_declaration(state: RecordState, context: RuleContext) -> bool:
    """GSTN wants ``itcRedReq`` on an Accept of this record."""
    record = state.record
    return (
        record.section in DECLARATION_SECTIONS
        and not record.itc_reduction_blocked
        and rule_period(state, context) >= OCTOBER_2025
    )


def default_declaration(
    record: ImsRecord, default: str | None, remarks: str | None
) -> tuple[ItcReduction, str | None] | None:
    """The taxpayer's default as a declaration for ``record``, with the remarks it needs (None: no default).

    "Y" reverses the whole tax of the note, which needs no remarks; "N" (nothing availed) is a nil
    reduction, which GSTN wants explained (REMARKS_REQUIRED), so the default carries its remarks.
    """
    if default == "Y":
        amounts = record.amounts
        return ItcReduction(True, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess), None
    if default == "N":
        return ItcReduction(False), (remarks or DEFAULTS["N"])
    return None


def declaration_missing(req) -> str | None:
    """The ITC_DECLARATION_REQUIRED rule (``table.RULES``)."""
    if req.action is not Action.ACCEPT or req.itc_reduction is not None:
        return None
    if not needs_declaration(req.state, req.context):
        return None
    return (
        "accepting a credit note needs a declaration of the ITC to reduce (Y with the amounts, or N: "
        "ITC not availed); GSTN refuses it without one (IMSSAV0054). Declare it on the record, or set "
        "a default declaration in IMS Settings"
    )


def full_declaration(state: RecordState, context: RuleContext | None) -> ItcReduction | None:
    """The full reduction with its amounts (spec 1.8): a document's whole tax, an amendment's
    difference from the value last counted. None where that difference is unknown here (the
    amendment's earlier version was never downloaded): only the user can give the amounts then."""
    original = state.original
    if state.record.section.is_amendment and (original is None or original.last_counted is None):
        return None
    amounts = reducible_itc(state, context)
    return ItcReduction(True, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def amounts_undeclared(req) -> str | None:
    """The ITC_REDUCTION_AMOUNTS_UNDECLARED rule (``table.RULES``).

    GSTN may hold Y without amounts (the full reduction; on an amendment the difference from the
    earlier version). Our uploads always send the amounts, so such a declaration is never sent as
    it is: the user declares the amounts (offered where the app knows them), or N.
    """
    if req.itc_reduction is None or not req.itc_reduction.full_undeclared:
        return None
    full = full_declaration(req.state, req.context)
    if full is None:
        return (
            "Y without declared amounts (the full reduction) cannot be uploaded, and its amounts, the "
            "difference from the earlier version of this amendment, are not known here: declare them "
            "from the GSTR-3B that counted the earlier version, or declare N"
        )
    return (
        "Y without declared amounts (the full reduction) cannot be uploaded: declare the amounts, "
        f"here IGST {format_inr(full.igst)}, CGST {format_inr(full.cgst)}, SGST {format_inr(full.sgst)}, "
        f"cess {format_inr(full.cess)}, or N"
    )
