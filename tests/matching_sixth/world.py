"""The cast of a month: the recipient, its suppliers and their GSTINs.

GSTINs are built from the public structure (state code, PAN, entity number, Z, check character) and
carry a correct Luhn-mod-36 check character, computed here from the published algorithm rather than
taken from the app, so a bug in the app's validator cannot leak into the data.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

_ALPHABET = string.digits + string.ascii_uppercase

# A handful of states that trade heavily with Tamil Nadu and Maharashtra recipients.
STATES = {
    "33": ("Tamil Nadu", "TN", "CHN"),
    "27": ("Maharashtra", "MH", "MUM"),
    "29": ("Karnataka", "KA", "BLR"),
    "24": ("Gujarat", "GJ", "AMD"),
    "07": ("Delhi", "DL", "DEL"),
    "36": ("Telangana", "TS", "HYD"),
    "32": ("Kerala", "KL", "COK"),
    "09": ("Uttar Pradesh", "UP", "NOI"),
    "06": ("Haryana", "HR", "GGN"),
    "19": ("West Bengal", "WB", "KOL"),
    "37": ("Andhra Pradesh", "AP", "VSP"),
    "34": ("Puducherry", "PY", "PDY"),
    "08": ("Rajasthan", "RJ", "JPR"),
}

# Numbering software a supplier's bills come out of; see numbers.py for what each looks like.
SOFTWARE = ("tally", "sap", "zoho", "busy", "marg", "bill_book", "einvoice", "erp16")

_NAME_WORDS = ("Sri", "Lakshmi", "Ganesh", "Balaji", "Murugan", "Shree", "Sai", "Vinayaka", "Kaveri",
               "Sahyadri", "Deccan", "Konkan", "Coromandel", "Annapurna", "Venkatesh", "Mahalakshmi")
_NAME_TRADES = ("Traders", "Enterprises", "Industries", "Agencies", "Steels", "Polymers", "Logistics",
                "Packaging", "Chemicals", "Electricals", "Textiles", "Hardware", "Pharma", "Estates")
_NAME_FORMS = ("Pvt Ltd", "LLP", "& Co", "Ltd", "", "& Sons")


def gstin_check_char(first14: str) -> str:
    """Luhn mod 36 over the first 14 characters (factor 1,2,1,2... from the left)."""
    total = 0
    for position, char in enumerate(first14.upper()):
        product = _ALPHABET.index(char) * (2 if position % 2 else 1)
        total += product // 36 + product % 36
    return _ALPHABET[(36 - total % 36) % 36]


def make_gstin(state: str, pan: str, entity: str = "1") -> str:
    body = f"{state}{pan}{entity}Z"
    return body + gstin_check_char(body)


def gstin_is_valid(gstin: str) -> bool:
    return len(gstin) == 15 and gstin_check_char(gstin[:14]) == gstin[14]


def pan_of(gstin: str) -> str:
    return gstin[2:12] if len(gstin) == 15 else ""


def make_pan(rng: random.Random, holder: str = "C") -> str:
    letters = string.ascii_uppercase
    # Fifth character is the initial of the name; the fourth the holder type (C company, F firm...).
    return ("".join(rng.choice(letters) for _ in range(3)) + holder + rng.choice(letters)
            + f"{rng.randrange(10000):04d}" + rng.choice(letters))


@dataclass
class Registration:
    """One GSTIN of a supplier, with its own numbering series (Rule 46: unique per GSTIN per year)."""

    gstin: str
    state: str
    software: str
    counters: dict = field(default_factory=dict)  # document type value -> last serial used

    @property
    def state_short(self) -> str:
        return STATES[self.state][1]

    @property
    def city(self) -> str:
        return STATES[self.state][2]


@dataclass
class Supplier:
    name: str
    pan: str
    registrations: list[Registration]
    scale: float  # median taxable value in rupees
    rates: tuple[float, ...]
    cess_rate: float = 0.0  # share of taxable value charged as cess (rare, legacy goods)
    landlord: bool = False  # bills the same rent every month
    note_share: float = 0.12  # how many of its documents are credit or debit notes


@dataclass
class World:
    recipient_gstin: str
    recipient_state: str
    suppliers: list[Supplier]

    def registration(self, gstin: str) -> tuple[Supplier, Registration]:
        for supplier in self.suppliers:
            for registration in supplier.registrations:
                if registration.gstin == gstin:
                    return supplier, registration
        raise KeyError(gstin)


def _supplier_name(rng: random.Random, used: set[str]) -> str:
    while True:
        form = rng.choice(_NAME_FORMS)
        name = f"{rng.choice(_NAME_WORDS)} {rng.choice(_NAME_WORDS)} {rng.choice(_NAME_TRADES)} {form}"
        if name.strip() not in used:
            used.add(name.strip())
            return name.strip()


def build_world(rng: random.Random, recipient_state: str, supplier_count: int,
                software_weights: dict[str, float], multi_gstin_share: float) -> World:
    pans: set[str] = set()

    def fresh_pan(holder: str) -> str:
        while True:
            pan = make_pan(rng, holder)
            if pan not in pans:
                pans.add(pan)
                return pan

    recipient = make_gstin(recipient_state, fresh_pan("C"))
    names: set[str] = set()
    software = list(software_weights)
    weights = [software_weights[s] for s in software]
    others = [s for s in STATES if s != recipient_state]
    suppliers = []
    for index in range(supplier_count):
        holder = rng.choice("CCCCFFPH")
        pan = fresh_pan(holder)
        # Half the trade is local (CGST+SGST), half inter-state (IGST).
        home = recipient_state if rng.random() < 0.5 else rng.choice(others)
        states = [home]
        if rng.random() < multi_gstin_share:
            # Large suppliers bill from several states, and sometimes from two registrations in one
            # state (a second factory or an SEZ-adjacent unit gets entity number 2).
            states.append(home if rng.random() < 0.3 else rng.choice([s for s in STATES if s != home]))
            if rng.random() < 0.3:
                states.append(rng.choice(list(STATES)))
        registrations = []
        entity_by_state: dict[str, int] = {}
        for state in states:
            entity_by_state[state] = entity_by_state.get(state, 0) + 1
            gstin = make_gstin(state, pan, str(entity_by_state[state]))
            registrations.append(Registration(gstin, state, rng.choices(software, weights)[0]))
        scale = rng.choice((2_500, 8_000, 25_000, 60_000, 150_000, 600_000))
        rates = rng.choice(((18.0,), (18.0,), (5.0, 18.0), (5.0,), (18.0, 40.0), (3.0,)))
        cess = 0.12 if rng.random() < 0.04 else 0.0
        landlord = index % 17 == 5
        if landlord:
            # A landlord bills rent from the recipient's own state at 18 %.
            registrations = [Registration(make_gstin(recipient_state, pan), recipient_state,
                                          rng.choice(("tally", "bill_book", "zoho")))]
            rates, scale, cess = (18.0,), float(rng.choice((45_000, 85_000, 120_000))), 0.0
        note_share = 0.02 if landlord else rng.choice((0.05, 0.12, 0.2))
        suppliers.append(Supplier(_supplier_name(rng, names), pan, registrations, float(scale), rates,
                                  cess, landlord, note_share))
    return World(recipient, recipient_state, suppliers)
