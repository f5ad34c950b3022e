"""Say in words what differs between an IMS record and the purchase document paired with it."""

from __future__ import annotations

from ..documents import DocumentType, ImsRecord, PurchaseDocument
from ..gstin import STATE_NAMES
from ..money import format_inr
from .features import is_credit
from .identity import clean_gstin, gstin_reason
from .in_year import read_in_year
from .model import Difference, MatchSettings
from .normalize import number_keys
from .relations import one_digit_mistyped, series_digit_dropped, suffix_added
from .years import date_slip, other_years, token_slip

HEADS = (("taxable_value", "Taxable value"), ("igst", "IGST"), ("cgst", "CGST"), ("sgst", "SGST"),
         ("cess", "Cess"))


def books_amounts(document: PurchaseDocument):
    """The books' amounts in IMS sign (a return booked negative reads positive)."""
    amounts = document.amounts
    if is_credit(document) and amounts.taxable_value + amounts.total_tax < 0:
        return amounts.negated()
    return amounts


def books_document_type(document: PurchaseDocument) -> DocumentType:
    return DocumentType.CREDIT_NOTE if is_credit(document) else document.document_type


def explain(record: ImsRecord, document: PurchaseDocument, settings: MatchSettings,
            via_original: bool = False, level: int | None = None) -> tuple[str, tuple[Difference, ...]]:
    """``level``: how the numbers agree (see ``normalize``), when the caller already knows."""
    reasons: list[str] = []
    differences: list[Difference] = []

    if record.supplier_gstin.upper() != clean_gstin(document.supplier_gstin):
        differences.append(Difference("supplier_gstin", record.supplier_gstin, document.supplier_gstin))
        reasons.append(gstin_reason(document.supplier_gstin, record.supplier_gstin, document.company_gstin))
    booked_type = books_document_type(document)
    if booked_type != record.document_type:
        differences.append(Difference("document_type", record.document_type.value, booked_type.value))
        reasons.append(f"booked as {booked_type.value}, reported as {record.document_type.value}")

    ims_number, book_number = record.document_number, document.bill_no
    if ims_number.strip().upper() != (book_number or "").strip().upper():
        differences.append(Difference("document_number", ims_number, book_number))
        if via_original:
            reasons.append(f"booked under the original number {record.original_number!r} "
                           f"of amendment {ims_number!r}")
        else:
            if level is None:
                level = number_keys(ims_number).level(number_keys(book_number))
            words = {4: "number has a slip of digits", 5: "number differs"}.get(level,
                                                                                "number written differently")
            if level == 5 and one_digit_mistyped(ims_number, book_number or ""):
                words = "number has one digit mistyped"
            elif level == 4 and series_digit_dropped(ims_number, book_number or ""):
                words = "number written differently (the series' leading digits dropped)"
            elif level == 3 and suffix_added(ims_number, book_number or ""):
                words = "number written differently (a suffix typed after it)"
            booked_day = document.bill_date or document.posting_date
            read_ims = read_in_year(ims_number, record.document_date)
            read_book = read_in_year(book_number, booked_day)
            if (read_ims, read_book) != (ims_number, book_number) and level in (2, 3) \
                    and number_keys(read_ims).level(number_keys(read_book)) > level:
                read_ims, read_book = ims_number, book_number  # paired as written (``compare``)
            if level in (2, 3) and other_years(read_ims, read_book):
                words = "number names another financial year"
                if token_slip(read_ims, record.document_date, read_book, booked_day):
                    words = "number written differently (a financial-year token not of the bill's date)"
            reasons.append(f"{words}: {ims_number!r} vs {book_number!r}")

    booked_on = document.bill_date or document.posting_date
    compared_date = record.original_date if via_original and record.original_date else record.document_date
    if booked_on != record.document_date and booked_on != compared_date:
        differences.append(Difference("document_date", record.document_date, booked_on))
        if booked_on is None:
            reasons.append("no bill date in the books")
        else:
            gap = abs((booked_on - record.document_date).days)
            slip = date_slip(record.document_date, booked_on)
            reasons.append(f"date differs by {gap} day{'s' if gap != 1 else ''}"
                           f"{f' ({slip})' if slip else ''}: "
                           f"{record.document_date.isoformat()} vs {booked_on.isoformat()}")

    reported_pos, booked_pos = record.place_of_supply, document.place_of_supply
    if reported_pos and booked_pos and reported_pos != booked_pos:  # blank is unknown, not different
        differences.append(Difference("place_of_supply", reported_pos, booked_pos))
        reasons.append(f"place of supply differs: {state_label(reported_pos)} in IMS, "
                       f"{state_label(booked_pos)} in books")
    if record.reverse_charge != document.reverse_charge:
        differences.append(Difference("reverse_charge", record.reverse_charge, document.reverse_charge))
        reasons.append("reverse charge " + ("booked" if document.reverse_charge else "not booked")
                       + (", reported" if record.reverse_charge else ", not reported"))

    reported, booked = record.amounts, books_amounts(document)
    amount_differences = [
        Difference(field, getattr(reported, field), getattr(booked, field))
        for field, _ in HEADS
        if abs(getattr(reported, field) - getattr(booked, field)) > settings.exact_tolerance
    ]
    differences.extend(amount_differences)
    reasons.extend(_amount_reasons(reported, booked, amount_differences, settings))
    return "; ".join(reasons) or "all fields agree", tuple(differences)


def _amount_reasons(reported, booked, differences, settings) -> list[str]:
    if not differences:
        return []
    fields = {d.field for d in differences}
    tolerance = settings.amount_tolerance
    ims_igst, books_igst = reported.igst != 0, booked.igst != 0
    ims_local, books_local = bool(reported.cgst or reported.sgst), bool(booked.cgst or booked.sgst)
    out = []
    if ims_igst != books_igst and ims_local != books_local:
        booked_as = "IGST" if books_igst else "CGST+SGST"
        reported_as = "IGST" if ims_igst else "CGST+SGST"
        out.append(f"booked as {booked_as}, reported as {reported_as}")
        fields -= {"igst", "cgst", "sgst"}
        gst_gap = abs(_gst(reported) - _gst(booked))
        if gst_gap > 2 * tolerance:
            out.append(f"tax differs by {format_inr(gst_gap)}")
    if "cess" in fields and (reported.cess == 0 or booked.cess == 0):
        if booked.cess == 0:
            out.append(f"cess of {format_inr(reported.cess)} not booked")
        else:
            out.append(f"cess of {format_inr(booked.cess)} booked but not reported")
        fields.discard("cess")
    for field, label in HEADS:
        if field in fields:
            ims_value, books_value = getattr(reported, field), getattr(booked, field)
            out.append(f"{label} differs by {format_inr(abs(books_value - ims_value))} "
                       f"(IMS {format_inr(ims_value)}, books {format_inr(books_value)})")
    return out


def missing_reason(in_books: bool, nearest: str | None = None) -> str:
    text = "not reported by the supplier in IMS" if in_books else "not in the purchase register"
    return f"{text}; nearest {nearest}" if nearest else text


def nearest_text(number: str, day, name: str | None, what_differs: list[str]) -> str:
    where = f" ({name})" if name else ""
    when = day.isoformat() if day else "no date"
    return f"{number!r} of {when}{where} differs in {', '.join(what_differs)}"


def _gst(amounts) -> int:
    return amounts.igst + amounts.cgst + amounts.sgst


def state_label(place_of_supply: str) -> str:
    """ "27" -> "27-Maharashtra", as the books write it; a value that names its state already, or a code
    the table lacks, as it is."""
    code = place_of_supply.strip()
    name = STATE_NAMES.get(code)
    return f"{code}-{name}" if name else place_of_supply
