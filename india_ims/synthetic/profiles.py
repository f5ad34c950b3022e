"""Profiles: the habits of one month's suppliers and clerks, as data.

A profile says how often each kind of difference happens. ``sample`` is
shaped like the shared sample month; the others are registers with other
habits, so an engine is measured on more than one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    series_styles: tuple[str, ...]
    clerk_habits: tuple[str, ...]  # HABITS a clerk may use when writing a number differently
    exact_habits: tuple[str, ...] = ("lowercase", "padded_spaces")
    exact_cosmetic: float = 0.02  # share of exact pairs written in another case or padded
    missing_in_pi: float = 0.07  # IMS records not booked
    suggested: float = 0.12
    mismatch: float = 0.08
    missing_in_ims: float = 0.055  # extra book documents, as a share of IMS records
    twin_traps: float = 0.5  # share of missing_in_ims carrying a near-twin number
    duplicate_traps: float = 0.1  # share of missing_in_ims reusing a paired number
    amendments: float = 0.025
    credit_notes: float = 0.12
    debit_notes: float = 0.06
    branches: float = 0.1  # suppliers with a second GSTIN of the same PAN
    inter_state: float = 0.35
    cess: float = 0.05
    returns_labelled_invoice: bool = False  # register says Invoice for returns (negative amounts)
    suggested_kinds: dict[str, float] = field(
        default_factory=lambda: {"number": 0.5, "date": 0.2, "rounding": 0.3}
    )
    mismatch_kinds: dict[str, float] = field(
        default_factory=lambda: {"amount": 0.45, "heads": 0.25, "place_of_supply": 0.3}
    )
    trap_share: float = 0.0  # share of missing_in_pi records with a look-alike document in the books
    trap_kinds: dict[str, float] = field(default_factory=dict)  # see ``habits.TRAPS``
    zipf_exponent: float = 1.1
    documents_per_supplier: int = 50  # average; sizes are Zipf-like


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile(
            "sample",
            "like the shared sample month: few suppliers, FY tokens and leading zeros, IGST/CGST swaps",
            series_styles=("inv_fy", "gst_fy_compact", "state_year", "alpha", "plain", "si", "txn",
                           "fy_first"),
            clerk_habits=("no_separators", "other_separator", "no_leading_zeros", "drop_fy"),
            branches=0.0,
        ),
        Profile(
            "messy",
            "hand-keyed register: prefixes dropped, serials only, digits transposed, dates days off, "
            "branch GSTINs of the same PAN, cess left out",
            series_styles=("inv_fy", "gst_fy_compact", "state_year", "alpha", "plain", "si",
                           "fy_long_first", "spaced", "slash_code", "fy_last", "year_last"),
            clerk_habits=("no_separators", "other_separator", "no_leading_zeros", "drop_fy", "long_fy",
                          "compact_fy", "drop_prefix", "serial_only"),
            exact_cosmetic=0.15,
            suggested=0.2,
            mismatch=0.1,
            missing_in_ims=0.08,
            twin_traps=0.7,
            branches=0.3,
            cess=0.12,
            suggested_kinds={"number": 0.45, "date": 0.2, "rounding": 0.2, "transposition": 0.1,
                             "original_number": 0.05},
            mismatch_kinds={"amount": 0.3, "heads": 0.15, "place_of_supply": 0.15, "cess": 0.15,
                            "branch_gstin": 0.15, "document_type": 0.05, "stale_amendment": 0.05},
        ),
        Profile(
            "enterprise",
            "few very large suppliers with long numeric series: near-twin numbers everywhere",
            series_styles=("plain", "txn", "si", "alpha", "gst_fy_compact"),
            clerk_habits=("no_leading_zeros", "drop_fy", "no_separators", "drop_prefix"),
            missing_in_pi=0.05,
            suggested=0.08,
            mismatch=0.05,
            missing_in_ims=0.07,
            twin_traps=0.8,
            duplicate_traps=0.15,
            branches=0.2,
            zipf_exponent=1.3,
            documents_per_supplier=200,
            suggested_kinds={"number": 0.4, "date": 0.25, "rounding": 0.25, "transposition": 0.1},
            mismatch_kinds={"amount": 0.4, "heads": 0.2, "place_of_supply": 0.1, "cess": 0.1,
                            "branch_gstin": 0.2},
        ),
        Profile(
            "returns",
            "a trading business with many credit and debit notes and amendments; the register "
            "labels returns Invoice with negative amounts",
            series_styles=("inv_fy", "alpha", "si", "plain", "gst_fy_compact"),
            clerk_habits=("no_separators", "no_leading_zeros", "drop_fy", "other_separator"),
            credit_notes=0.3,
            debit_notes=0.12,
            amendments=0.08,
            returns_labelled_invoice=True,
            branches=0.1,
            suggested_kinds={"number": 0.4, "date": 0.2, "rounding": 0.3, "original_number": 0.1},
            mismatch_kinds={"amount": 0.35, "heads": 0.2, "place_of_supply": 0.15, "cess": 0.1,
                            "document_type": 0.1, "stale_amendment": 0.1},
        ),
        Profile(
            "combined",
            "two habits on one entry: a number rewritten and a date slipped up to the whole window, "
            "an amount wrong in a number written another way, tax under other heads booked days later",
            series_styles=("inv_fy", "gst_fy_compact", "state_year", "alpha", "plain", "si", "txn",
                           "fy_long_first", "slash_code", "fy_last", "year_last"),
            clerk_habits=("no_separators", "other_separator", "no_leading_zeros", "drop_fy", "long_fy",
                          "drop_prefix", "serial_only"),
            exact_cosmetic=0.1,
            suggested=0.2,
            mismatch=0.12,
            missing_in_ims=0.08,
            twin_traps=0.6,
            duplicate_traps=0.15,
            branches=0.2,
            cess=0.1,
            suggested_kinds={"number+date": 0.3, "number+rounding": 0.25, "transposition+date": 0.1,
                             "date+rounding": 0.15, "number": 0.1, "date": 0.1},
            mismatch_kinds={"amount+number": 0.3, "heads+date": 0.2, "place_of_supply+number": 0.15,
                            "cess+date": 0.1, "branch_gstin+number": 0.1, "amount": 0.15},
        ),
        Profile(
            "habits",
            "what accounts clerks report doing (``habits``): the year written short, moved or as the "
            "calendar year, letters for digits, the receipt date, day and month swapped, last year typed, "
            "tax on another base, a return booked as a debit note, a bill booked twice, split (under its "
            "number or numbered as parts) or combined (under the first number or both), a credit note "
            "taken off the bill, a GSTIN typo, a note under the invoice's number, the challan's number; "
            "last year's bill (a day apart or the same day and month) and another supplier's bill of the "
            "same number left in the books",
            series_styles=("inv_fy", "gst_fy_compact", "state_year", "fy_tag_first", "fy_long_first",
                           "slash_code", "fy_last", "alpha", "plain", "si"),
            clerk_habits=("no_separators", "other_separator", "no_leading_zeros", "drop_fy", "drop_prefix",
                          "serial_only"),
            credit_notes=0.15,
            debit_notes=0.1,
            suggested=0.22,
            mismatch=0.2,
            missing_in_pi=0.1,
            branches=0.15,
            trap_share=0.6,
            trap_kinds={"trap_other_year_same_number": 0.35, "trap_same_day_last_year": 0.3,
                        "trap_other_supplier_same_number": 0.35},
            suggested_kinds={"fy_yy_in_prefix": 0.15, "fy_moved_after": 0.15, "calendar_year_for_fy": 0.1,
                             "spaces_inside": 0.08, "letter_for_digit": 0.12, "date_in_number": 0.1,
                             "invoice_words": 0.08, "booked_twice": 0.1, "number": 0.06, "date": 0.06,
                             "fy_tag": 0.08, "branch_code_added": 0.08},
            mismatch_kinds={"posting_date_far": 0.1, "day_month_swap": 0.1, "year_typed_wrong": 0.1,
                            "tax_on_other_base": 0.1, "credit_note_as_debit_note": 0.08, "split_entry": 0.1,
                            "combined_two": 0.1, "split_suffixed": 0.1, "combined_numbers": 0.08,
                            "credit_note_netted": 0.06, "gstin_typo": 0.1, "note_under_invoice_number": 0.1,
                            "challan_number": 0.1, "fy_yy_in_prefix+posting_date_far": 0.05,
                            "fy_moved_after+tax_on_other_base": 0.05,
                            "calendar_year_for_fy+year_typed_wrong": 0.03, "fy_yy_in_prefix+gstin_typo": 0.03,
                            "letter_for_digit+posting_date_far": 0.03, "fy_yy_in_prefix+amount": 0.05,
                            "date_in_number+posting_date_far": 0.03, "number+posting_date_far": 0.05,
                            "number+year_typed_wrong": 0.03},
        ),
    )
}
