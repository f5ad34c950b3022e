"""Four kinds of buyer, each with its own suppliers' software and its own clerks' habits.

Group probabilities are per document; within a group a habit is drawn by weight among those that
apply to the document (a missing weight means the habit does not occur in that office).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    name: str
    recipient_state: str
    software: dict[str, float]
    multi_gstin_share: float
    groups: dict[str, float]
    weights: dict[str, float]
    ims_only: float  # share of bills reported but not (yet) booked
    books_only: float  # share of bills booked but not (yet) reported
    traps: dict[str, float] = field(default_factory=dict)  # trap name -> count per 100 bills
    amended: float = 0.01  # share of bills the supplier amended (b2ba) this month


_NUMBER_COMMON = {"separator_changed": 1.0, "separators_removed": 1.0, "spaced_out": 1.0,
                  "zeros_dropped": 1.5, "zeros_added": 1.0, "fy_dropped": 1.0, "fy_rewritten": 1.0,
                  "fy_added": 0.6, "prefix_dropped": 1.0, "uniqueness_suffix": 0.5, "digits_transposed": 0.6,
                  "ocr_lookalike": 0.2, "unicode_dash": 0.2, "number_label_typed": 0.3}
_REST_COMMON = {"lower_cased": 1.0, "padded_spaces": 1.0, "receipt_date": 2.0, "challan_date": 1.0,
                "bill_date_blank": 0.5, "rupee_rounded": 1.0, "line_rounding": 1.0, "paisa_split": 1.0,
                "tcs_in_total": 0.5, "freight_added": 1.0, "discount_netted": 1.0, "short_receipt": 1.0,
                "igst_as_local": 1.0, "local_as_igst": 0.7, "cess_left_out": 1.0, "default_rate": 0.7,
                "tcs_in_taxable": 0.3, "pos_defaulted": 0.7, "other_branch_gstin": 1.0, "sibling_gstin": 1.0,
                "note_as_invoice": 1.0,
                # Whether a negative books entry typed Invoice or Debit Note "is" a credit note depends
                # on reading the type column or ERPNext's return flag: arguable, so never labelled.
                "credit_note_as_negative_invoice": 0.0, "credit_note_as_buyer_debit_note": 0.0}


def _weights(**changes: float) -> dict[str, float]:
    weights = {**_NUMBER_COMMON, **_REST_COMMON}
    weights.update(changes)
    return weights


PROFILE_TABLE = {
    # A Coimbatore trader on Tally: hand-written and Tally bills, numbers retyped every which way.
    "tally_trader": Profile(
        "tally_trader", "33",
        {"tally": 3, "bill_book": 2, "busy": 2, "marg": 2, "zoho": 1, "einvoice": 1, "sap": 0.3,
         "erp16": 0.5},
        0.15,
        {"number": 0.24, "text": 0.08, "date": 0.12, "rounding": 0.14, "harmless": 0.05, "tax": 0.06,
         "gstin": 0.02, "type": 0.3},
        _weights(zeros_added=2.0, fy_added=2.0, spaced_out=2.0, number_label_typed=1.5, prefix_dropped=1.5),
        ims_only=0.06, books_only=0.05, traps={"duplicate": 2.0, "month_end_twin": 1.5, "same_amount": 1.0}),
    # A Pune manufacturer on a big ERP: SAP and e-invoice suppliers with many GSTINs, GRN-driven booking.
    "sap_corporate": Profile(
        "sap_corporate", "27",
        {"sap": 3, "erp16": 3, "einvoice": 3, "zoho": 1, "tally": 1, "busy": 0.5},
        0.45,
        {"number": 0.12, "text": 0.05, "date": 0.2, "rounding": 0.05, "harmless": 0.1, "tax": 0.12,
         "gstin": 0.08, "type": 0.1},
        _weights(short_receipt=2.5, freight_added=2.0, igst_as_local=1.5, uniqueness_suffix=1.0,
                 receipt_date=3.0),
        ims_only=0.05, books_only=0.04, traps={"duplicate": 1.0, "same_amount": 2.0, "month_end_twin": 1.0},
        amended=0.03),
    # An accounts-payable team that scans bills into an OCR tool and fixes what it notices.
    "scanned_ap": Profile(
        "scanned_ap", "27",
        {"zoho": 2, "einvoice": 2, "erp16": 2, "marg": 2, "tally": 1, "sap": 1, "bill_book": 1},
        0.3,
        {"number": 0.25, "text": 0.15, "date": 0.1, "rounding": 0.1, "harmless": 0.05, "tax": 0.05,
         "gstin": 0.03, "type": 0.1},
        _weights(ocr_lookalike=4.0, unicode_dash=2.0, spaced_out=2.0, digits_transposed=1.5,
                 challan_date=2.0, padded_spaces=2.0),
        ims_only=0.05, books_only=0.05, traps={"duplicate": 3.0, "month_end_twin": 1.0, "same_amount": 1.0}),
    # A Chennai distributor closing the month in a hurry: late bookings, duplicates, rent, month-end twins.
    "month_end_rush": Profile(
        "month_end_rush", "33",
        {"tally": 2, "zoho": 2, "busy": 1, "marg": 1, "einvoice": 2, "erp16": 1, "bill_book": 1},
        0.25,
        {"number": 0.15, "text": 0.05, "date": 0.3, "rounding": 0.08, "harmless": 0.08, "tax": 0.07,
         "gstin": 0.04, "type": 0.15},
        _weights(receipt_date=3.0, bill_date_blank=1.5),
        ims_only=0.09, books_only=0.08, traps={"duplicate": 3.0, "month_end_twin": 3.0, "same_amount": 1.5}),
}

PROFILES = tuple(PROFILE_TABLE)
