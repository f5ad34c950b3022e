"""The cast of a seventh-generator month: one recipient and about forty suppliers.

Each supplier has one or two GSTINs (two: the same PAN registered in two states, each registration
running its own bill series), a numbering scheme of the software it bills from, the rates it charges
and the trade quirks the habits need (cess goods, trade discounts, exempt lines on a bill).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from india_ims.gst_india.gstin import check_character

STATES = {"27": "MH", "29": "KA", "33": "TN", "24": "GJ", "07": "DL", "36": "TS", "09": "UP",
          "06": "HR", "19": "WB", "08": "RJ", "32": "KL", "23": "MP"}

# scheme -> what a number of serial n looks like (FY 2026-27)
SCHEMES = {
    "bill_book": lambda s, n: f"{n}",  # a printed bill book of a small trader
    "padded": lambda s, n: f"{n:06d}",  # Busy / Marg default
    "fy_mid": lambda s, n: f"{s.prefix}/26-27/{n:04d}",  # Tally with a year token
    "sap": lambda s, n: f"90{n:08d}",  # SAP billing documents: ten digits
    "branch": lambda s, n: f"{s.state_tag}/{s.prefix}/{n:04d}",  # a branch code in front
    "dash": lambda s, n: f"{s.prefix}-{n:05d}",  # Zoho style
}
NOTE_SCHEMES = {
    "Credit Note": lambda s, n: f"CN/{n:03d}" if s.scheme != "fy_mid" else f"CN/26-27/{n:03d}",
    "Debit Note": lambda s, n: f"DN/{n:03d}" if s.scheme != "fy_mid" else f"DN/26-27/{n:03d}",
}

_WORDS = ("Sri", "Balaji", "Shree", "Vinayak", "Kaveri", "Sahyadri", "Deccan", "Annapurna", "Ganga",
          "Narmada", "Everest", "Sunrise", "Om", "Jai Hind", "Bharat", "Vishal", "Apex", "Kohinoor")
_TRADES = ("Traders", "Agencies", "Distributors", "Industries", "Polymers", "Beverages", "Tobacco Co",
           "Services", "Logistics", "Foods", "Steels", "Consultants", "Motors", "Chemicals")


@dataclass
class Registration:
    gstin: str
    state: str
    serial: int  # next invoice serial
    notes: dict = field(default_factory=lambda: {"Credit Note": 1, "Debit Note": 1})


@dataclass
class Supplier:
    name: str
    pan: str
    scheme: str
    prefix: str
    registrations: list[Registration]
    rates: tuple[int, ...]  # GST rates in percent
    cess_rate: int = 0  # compensation cess percent (aerated drinks 12, tobacco 36 ...)
    trade_discount: int = 0  # percent a distributor takes off the list price on the bill
    exempt_lines: bool = False  # bills carry a nil-rated/exempt line as well
    scale: int = 50_000_00  # typical taxable value in paise
    services: bool = False

    @property
    def state_tag(self) -> str:
        return STATES[self.registrations[0].state]

    def number(self, registration: Registration, doc_type: str = "Invoice", serial: int | None = None) -> str:
        if doc_type == "Invoice":
            n = registration.serial if serial is None else serial
            if serial is None:
                registration.serial += 1
            return SCHEMES[self.scheme](self, n)
        n = registration.notes[doc_type]
        registration.notes[doc_type] += 1
        return NOTE_SCHEMES[doc_type](self, n)


@dataclass
class World:
    recipient_gstin: str
    recipient_state: str
    suppliers: list[Supplier]

    def supplier_with(self, rng: random.Random, test) -> Supplier | None:
        chosen = [s for s in self.suppliers if test(s)]
        return rng.choice(chosen) if chosen else None


def make_gstin(state: str, pan: str, entity: str = "1") -> str:
    body = f"{state}{pan}{entity}Z"
    return body + check_character(body)


def _pan(rng: random.Random, taken: set[str], kind: str = "C") -> str:
    while True:
        pan = ("".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + kind
               + rng.choice(string.ascii_uppercase) + f"{rng.randrange(10_000):04d}"
               + rng.choice(string.ascii_uppercase))
        if pan not in taken:
            taken.add(pan)
            return pan


def build_world(rng: random.Random, recipient_state: str, n_suppliers: int, services_share: float) -> World:
    taken: set[str] = set()
    recipient = make_gstin(recipient_state, _pan(rng, taken))
    others = [s for s in STATES if s != recipient_state]
    suppliers = []
    for k in range(n_suppliers):
        services = rng.random() < services_share
        home = recipient_state if rng.random() < 0.55 else rng.choice(others)
        pan = _pan(rng, taken, rng.choice("CCCFP"))
        regs = [Registration(make_gstin(home, pan), home, rng.randrange(40, 3_000))]
        if rng.random() < 0.3:  # a branch in another state, its own series
            second = rng.choice([s for s in STATES if s != home])
            regs.append(Registration(make_gstin(second, pan), second, rng.randrange(40, 3_000)))
        scheme = rng.choice(tuple(SCHEMES))
        trade = rng.choice(_TRADES)
        cess = 0
        if not services and trade in ("Beverages", "Tobacco Co", "Motors") or k % 13 == 5:
            cess = {"Beverages": 12, "Tobacco Co": 36, "Motors": 22}.get(trade, 12)
        suppliers.append(Supplier(
            name=f"{rng.choice(_WORDS)} {trade} {rng.choice(('Pvt Ltd', 'LLP', '& Co', ''))}".strip(),
            pan=pan, scheme=scheme, prefix=rng.choice(("SI", "INV", "TI", "GST", "SB", "BL")) + (
                rng.choice(("", "M", "C")) if scheme != "branch" else ""),
            registrations=regs,
            rates=(18,) if services else rng.choice(((18,), (12, 18), (5,), (28,), (5, 12, 18))),
            cess_rate=cess, trade_discount=rng.choice((0, 0, 0, 2, 5, 8)) if not services else 0,
            exempt_lines=rng.random() < (0.25 if services else 0.1),
            scale=int(rng.lognormvariate(10.5, 1.0)) * 100, services=services))
    return World(recipient, recipient_state, suppliers)
