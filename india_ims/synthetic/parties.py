"""Invented recipients and suppliers: valid GSTINs, branches of one PAN, Zipf-like sizes."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from ..gst_india.gstin import check_character

# State codes suppliers come from, with a two-letter abbreviation some series print.
STATES = {
    "27": "MH", "24": "GJ", "29": "KA", "33": "TN", "07": "DL", "09": "UP", "36": "TS",
    "32": "KL", "06": "HR", "23": "MP", "19": "WB", "08": "RJ", "03": "PB", "21": "OD",
}


def make_pan(rng, used: set[str]) -> str:
    while True:
        pan = (
            "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
            + rng.choice("CPFHT")  # holder type: company, person, firm, HUF, trust
            + rng.choice(string.ascii_uppercase)
            + f"{rng.randrange(10000):04d}"
            + rng.choice(string.ascii_uppercase)
        )
        if pan not in used:
            used.add(pan)
            return pan


def make_gstin(state: str, pan: str, entity: str = "1") -> str:
    first = f"{state}{pan}{entity}Z"
    return first + check_character(first)


@dataclass
class Supplier:
    pan: str
    name: str
    gstins: list[str]
    style: str
    clerk_habits: tuple[str, ...]
    size: int
    counters: dict = field(default_factory=dict)  # (gstin, document type) -> next serial
    used: dict = field(default_factory=dict)  # (gstin, document type) -> serials in use

    @property
    def state_abbr(self) -> str:
        return STATES.get(self.gstins[0][:2], "IN")


def zipf_sizes(total: int, count: int, exponent: float) -> list[int]:
    """Split ``total`` documents over ``count`` suppliers, the i-th getting about 1/i**s."""
    weights = [1.0 / (rank ** exponent) for rank in range(1, count + 1)]
    scale = total / sum(weights)
    sizes = [max(1, int(weight * scale)) for weight in weights]
    rank = 0
    while sum(sizes) < total:
        sizes[rank % count] += 1
        rank += 1
    while sum(sizes) > total:
        index = max(range(count), key=sizes.__getitem__)
        sizes[index] -= 1
    return [size for size in sizes if size > 0]
