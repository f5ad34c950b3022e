"""Truth derived from the two documents by the README's definitions, never from the habit's intent.

``classify(record, document)`` says what the pair would be:

* ``exact``: same GSTIN and type, numbers equal trimmed and upper-cased, same date and place of
  supply, every head within one paisa;
* ``suggested``: the same document with only clerical differences: the number written differently
  (``numbers.relation`` C or T), the date at most ``FEW_DAYS`` off, heads within ₹1;
* ``mismatch``: the same document with a difference that changes tax: a head beyond ₹1, IGST
  against CGST+SGST, a cess left out, another place of supply, another GSTIN of the same PAN;
* ``None``: not the same document;
* ``AMBIGUOUS``: the README does not settle it (a date more than a few days off on an otherwise
  recognisable document in the same financial year). Months never contain such a pair.

Identity rules that are mine, with the reason:

* Rule 46(b) makes a serial unique *for a financial year*, so equal numbers dated in different
  financial years more than a few days apart are different documents (a supplier who restarts at 1
  on 1 April issues a new INV/1 each year). A few days across 31 March is a clerk's date slip.
* A two-digit slip (T) is only a clerical difference when nothing else differs (same date, heads
  within ₹1); a swapped serial with other amounts is another bill of the same supplier.
* Documents of another type are never compared (credit note vs debit note is left out of the
  months: the README requires the same type for exact and says nothing more).
"""

from __future__ import annotations

from india_ims.gst_india.documents import Amounts, ImsRecord, PurchaseDocument

from .numbers import fy_start, relation

EXACT, SUGGESTED, MISMATCH, AMBIGUOUS = "exact", "suggested", "mismatch", "ambiguous"
RANK = {EXACT: 3, SUGGESTED: 2, MISMATCH: 1}
FEW_DAYS = 4  # the sample month's suggested pairs go up to 4 days; so do ours
PAISE_EXACT, PAISE_TOLERANCE = 1, 100


def booked_amounts(document: PurchaseDocument) -> Amounts:
    return document.amounts.negated() if document.amounts.taxable_value < 0 else document.amounts


def classify(record: ImsRecord, document: PurchaseDocument) -> tuple[str | None, list[str]]:
    if record.document_type != document.document_type:
        return None, ["document type"]
    if record.supplier_gstin[2:12] != document.supplier_gstin[2:12]:
        return None, ["supplier"]
    number = relation(record.document_number, document.bill_no)
    if number is None:
        return None, ["number"]
    days = abs((record.document_date - document.bill_date).days)
    same_fy = fy_start(record.document_date) == fy_start(document.bill_date)
    clerical, tax = [], []
    if number != "E":
        clerical.append(f"number {number}")
    if days:
        clerical.append(f"date {days}d")
    ours, theirs = record.amounts, booked_amounts(document)
    igst_side = ours.igst > 0 and ours.cgst == 0
    booked_igst_side = theirs.igst > 0 and theirs.cgst == 0
    if (ours.igst or ours.cgst) and (theirs.igst or theirs.cgst) and igst_side != booked_igst_side:
        tax.append("heads")
    if ours.cess and not theirs.cess:
        tax.append("cess left out")
    heads = ("taxable_value", "igst", "cgst", "sgst", "cess")
    worst = max(abs(getattr(ours, h) - getattr(theirs, h)) for h in heads)
    if worst > PAISE_TOLERANCE:
        tax.append("amount")
    elif worst > PAISE_EXACT:
        clerical.append("rounding")
    if record.place_of_supply != document.place_of_supply:
        tax.append("place of supply")
    if record.supplier_gstin != document.supplier_gstin:
        tax.append("other GSTIN of the PAN")
    reasons = clerical + tax
    if days > FEW_DAYS:
        if number in ("E", "C") and same_fy:
            return AMBIGUOUS, reasons
        return None, reasons
    if number == "T" and (days or tax):
        return None, reasons
    if tax:
        return MISMATCH, reasons
    return (EXACT if not clerical else SUGGESTED), reasons


def conflicts(records, documents, pairs, new_records, new_documents) -> list[str]:
    """Why adding a case would make the truth wrong or ambiguous ([] when it is fine).

    ``pairs`` maps id(record) and id(document) to the rank of their truth pair (absent: unpaired).
    Checks every record-document combination that involves a new document: a truth pair must
    classify, no combination may be AMBIGUOUS, and no other combination may be as good as both
    sides' truth pairs (it would block the truth or tie with it, so the truth is not unique).
    """
    found = []
    by_pan: dict[str, list] = {}
    for document in documents:
        by_pan.setdefault(document.supplier_gstin[2:12], []).append(document)
    new_ids = {id(x) for x in (*new_records, *new_documents)}
    for record in records:
        for document in by_pan.get(record.supplier_gstin[2:12], []):
            if id(record) not in new_ids and id(document) not in new_ids:
                continue
            verdict, reasons = classify(record, document)
            paired = pairs.get((id(record), id(document)))
            if paired is not None:
                if verdict != paired:
                    found.append(
                        f"pair {record.document_number}~{document.bill_no} is {verdict}, not {paired}")
                continue
            if verdict == AMBIGUOUS:
                found.append(f"ambiguous {record.document_number}~{document.bill_no} {reasons}")
            elif verdict is not None:
                rank = RANK[verdict]
                record_rank = RANK.get(pairs.get(id(record)), 0)
                if rank >= record_rank and rank >= RANK.get(pairs.get(id(document)), 0):
                    found.append(f"competing {record.document_number}~{document.bill_no} {verdict}")
    return found
