"""Supplier document numbers as Indian billing software prints them.

A number is kept as tokens (role, text) so clerk habits can change one part (the serial, the
financial-year token, the prefix) the way a person would, instead of editing characters blindly.
Every rendered number fits Rule 46(b): at most 16 characters, letters, digits, '-' and '/' only.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from india_ims.gst_india.documents import DocumentType

from .world import Registration

FY = "26-27"  # November 2026 falls in financial year 2026-27
RULE46 = re.compile(r"^[A-Za-z0-9/-]{1,16}$")

INV, CN, DN = DocumentType.INVOICE, DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE


@dataclass(frozen=True)
class Number:
    tokens: tuple[tuple[str, str], ...]  # (role, text); roles: prefix, sep, fy, serial, suffix

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.tokens)

    def with_tokens(self, tokens) -> Number:
        return Number(tuple(tokens))

    def serial(self) -> str:
        return next(text for role, text in self.tokens if role == "serial")


def _t(*parts) -> Number:
    return Number(tuple(parts))


def _variant(registration: Registration) -> int:
    # The same GSTIN always prints its numbers the same way.
    return random.Random(registration.gstin).randrange(3)


def render(registration: Registration, doc_type: DocumentType, serial: int) -> Number:
    software, variant = registration.software, _variant(registration)
    st, city = registration.state_short, registration.city
    if software == "tally":
        # Tally's default is a bare counter; many set a prefix and the year as suffix.
        if variant == 0 and doc_type == INV:
            number = _t(("serial", str(serial)))
        else:
            head = {INV: "GST", CN: "CN", DN: "DN"}[doc_type]
            number = _t(("prefix", head), ("sep", "/"), ("serial", str(serial)), ("sep", "/"), ("fy", FY))
    elif software == "sap":
        # SAP billing documents: a 2-digit range per type and an 8-digit running number.
        head = {INV: "90", CN: "92", DN: "91"}[doc_type]
        number = _t(("prefix", head), ("serial", f"{serial:08d}"))
    elif software == "zoho":
        head, width = {INV: ("INV", 6), CN: ("CN", 5), DN: ("DN", 5)}[doc_type]
        number = _t(("prefix", head), ("sep", "-"), ("serial", f"{serial:0{width}d}"))
    elif software == "busy":
        head = {INV: "A", CN: "CR", DN: "DR"}[doc_type]
        number = _t(("prefix", head), ("sep", "/"), ("serial", str(serial)), ("sep", "/"), ("fy", "2026-27"))
    elif software == "marg":
        head = {INV: "A", CN: "CR", DN: "DR"}[doc_type]
        number = _t(("prefix", head), ("serial", f"{serial:06d}"))
    elif software == "bill_book":
        # A printed bill book: book number / leaf number; notes are written on a separate pad.
        if doc_type == INV:
            number = _t(("prefix", str(3 + variant)), ("sep", "/"), ("serial", str(serial)))
        else:
            number = _t(("prefix", "CN" if doc_type == CN else "DN"), ("sep", "-"), ("serial", str(serial)))
    elif software == "einvoice":
        head = {INV: st, CN: st + "C", DN: st + "D"}[doc_type]
        number = _t(("prefix", head), ("sep", "/"), ("fy", FY), ("sep", "/"), ("serial", f"{serial:05d}"))
    else:  # erp16: an ERP series cut to Rule 46's sixteen characters
        head = {INV: "SI", CN: "CN", DN: "DN"}[doc_type]
        number = _t(("prefix", head), ("sep", "/"), ("prefix", city), ("sep", "/"), ("fy", "2627"),
                    ("sep", "/"), ("serial", f"{serial:04d}"))
    assert RULE46.match(number.text), number.text
    return number


def first_serial(rng: random.Random, registration: Registration, doc_type: DocumentType) -> int:
    """Where a series stands on 1 November: seven months into the year, bigger for invoices."""
    if registration.software == "sap":
        return rng.randrange(10_000, 900_000)
    if doc_type == INV:
        return rng.randrange(120, 4_000)
    return rng.randrange(8, 300)


def next_serial(rng: random.Random, registration: Registration, doc_type: DocumentType) -> int:
    """The supplier bills other customers too, so our bills skip a few numbers; sometimes none."""
    key = doc_type.value
    if key not in registration.counters:
        registration.counters[key] = first_serial(rng, registration, doc_type)
    step = 1 if rng.random() < 0.35 else rng.randrange(2, 40)
    registration.counters[key] += step
    return registration.counters[key]
