"""The recipient, its suppliers and their billing software; GSTINs with a valid check character."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date

from india_ims.gst_india.documents import Amounts
from india_ims.gst_india.gstin import check_character

PERIOD = "022027"
MONTH_DAYS = 28  # February 2027
SOFTWARE = ("tally", "zoho", "busy", "marg", "vyapar", "sap", "erpnext")
RATES = (5, 12, 18, 18, 18, 28)


def gstin(rng: random.Random, state: str, pan: str | None = None, entity: str = "1") -> str:
    if pan is None:
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(5))
        pan = letters[:3] + rng.choice("CFP") + letters[4] + f"{rng.randrange(10_000):04d}" \
            + rng.choice(string.ascii_uppercase)
    head = f"{state}{pan}{entity}Z"
    return head + check_character(head)


@dataclass
class Supplier:
    gstin: str
    name: str
    state: str
    software: str
    prefix: str  # two or three letters the supplier's series carries
    head_office: str  # another GSTIN of the same PAN (its head office's registration)
    serials: list[int] = field(default_factory=list)

    def next_serial(self, rng: random.Random) -> int:
        """Serials rise through the month, each used once: no two bills of a supplier share one."""
        value = (self.serials[-1] if self.serials else rng.randrange(40, 4_000)) + rng.randrange(1, 9)
        self.serials.append(value)
        return value


@dataclass
class World:
    recipient_gstin: str
    state: str
    suppliers: list[Supplier]


def build_world(rng: random.Random, state: str, count: int, software_weights: dict[str, int]) -> World:
    recipient = gstin(rng, state)
    states = [state] * 3 + ["27", "29", "33", "24", "07", "19", "08", "36"]
    suppliers, taken = [], set()
    kinds = list(software_weights)
    for n in range(count):
        supplier_state = rng.choice(states)
        number = gstin(rng, supplier_state)
        if number in taken:
            continue
        taken.add(number)
        pan = number[2:12]
        other_state = rng.choice([s for s in states if s != supplier_state])
        prefix = "".join(rng.choice("ABCDEGHKMNPRSTV") for _ in range(rng.choice((2, 3))))
        suppliers.append(Supplier(number, f"Supplier {n + 1}", supplier_state,
                                  rng.choices(kinds, [software_weights[k] for k in kinds])[0],
                                  prefix, gstin(rng, other_state, pan)))
    return World(recipient, state, suppliers)


def amounts(rng: random.Random, supplier: Supplier, recipient_state: str, cess: bool = False) -> Amounts:
    """A bill's heads in paise: CGST+SGST inside the state, IGST across it."""
    taxable = rng.randrange(2_000, 600_000) * 100 + rng.choice((0, 0, rng.randrange(100)))
    rate = rng.choice(RATES)
    tax = round(taxable * rate / 100)
    extra = round(taxable * 12 / 100) if cess else 0
    if supplier.state == recipient_state:
        return Amounts(taxable, 0, tax // 2, tax - tax // 2, extra)
    return Amounts(taxable, tax, 0, 0, extra)


def bill_day(rng: random.Random, low: int = 1) -> date:
    return date(2027, 2, rng.randrange(low, MONTH_DAYS + 1))


def printed_number(supplier: Supplier, serial: int) -> str:
    """The number each package prints by default (what the supplier's GSTR-1 carries as well)."""
    kind, p = supplier.software, supplier.prefix
    return {"tally": f"{p}/26-27/{serial:04d}", "zoho": f"INV-{serial:06d}", "busy": f"{p}-{serial}",
            "marg": f"{p[0]}{serial:06d}", "vyapar": f"{serial}", "sap": f"{9_000_000_000 + serial}",
            "erpnext": f"SINV-27-{serial:05d}"}[kind]
