"""GSTIN structure, check character and registration type.

Patterns are those GSTN publishes for its API (spec section 6); the check
character is Luhn mod 36. ``validate_gstin`` raises one error that says what
exactly is wrong, so a user can fix the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .errors import InvalidGstin

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}

STATE_NAMES = {
    "01": "Jammu and Kashmir",
    "02": "Himachal Pradesh",
    "03": "Punjab",
    "04": "Chandigarh",
    "05": "Uttarakhand",
    "06": "Haryana",
    "07": "Delhi",
    "08": "Rajasthan",
    "09": "Uttar Pradesh",
    "10": "Bihar",
    "11": "Sikkim",
    "12": "Arunachal Pradesh",
    "13": "Nagaland",
    "14": "Manipur",
    "15": "Mizoram",
    "16": "Tripura",
    "17": "Meghalaya",
    "18": "Assam",
    "19": "West Bengal",
    "20": "Jharkhand",
    "21": "Odisha",
    "22": "Chhattisgarh",
    "23": "Madhya Pradesh",
    "24": "Gujarat",
    "25": "Daman and Diu (merged into 26)",
    "26": "Dadra and Nagar Haveli and Daman and Diu",
    "27": "Maharashtra",
    "28": "Andhra Pradesh (old)",
    "29": "Karnataka",
    "30": "Goa",
    "31": "Lakshadweep",
    "32": "Kerala",
    "33": "Tamil Nadu",
    "34": "Puducherry",
    "35": "Andaman and Nicobar Islands",
    "36": "Telangana",
    "37": "Andhra Pradesh",
    "38": "Ladakh",
    "97": "Other Territory",
    "99": "Centre Jurisdiction",
}
# 96 is "Other Countries": valid as a place of supply, never in a GSTIN.
PLACE_OF_SUPPLY_CODES = frozenset(STATE_NAMES) - {"99"} | {"96"}


class RegistrationType(str, Enum):
    REGULAR = "Regular"
    GOVERNMENT = "Government Department"
    TDS = "Tax Deductor"
    TCS = "Tax Collector (e-commerce operator)"
    NRTP = "Non-resident"
    OIDAR = "OIDAR"
    UIN = "UN Body / Embassy"


# Order matters: the specific patterns come before the regular one, whose
# 14th-character class also admits D.
_PATTERNS: tuple[tuple[RegistrationType, re.Pattern[str]], ...] = (
    (RegistrationType.GOVERNMENT, re.compile(r"^[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9]$")),
    (RegistrationType.TDS, re.compile(r"^[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]$")),
    (RegistrationType.TCS, re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]$")),
    (RegistrationType.OIDAR, re.compile(r"^99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]$")),
    (RegistrationType.NRTP, re.compile(r"^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$")),
    (RegistrationType.UIN, re.compile(r"^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[A-Z0-9]$")),
    (RegistrationType.REGULAR, re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][Z1-9ABD-J][0-9A-Z]$")),
)
_PAN = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")


@dataclass(frozen=True, slots=True)
class Gstin:
    value: str
    registration_type: RegistrationType

    @property
    def state_code(self) -> str:
        return self.value[:2]

    @property
    def pan(self) -> str:
        """PAN of the holder (characters 3-12); meaningful for PAN-based types."""
        return self.value[2:12]



def check_character(first_fourteen: str) -> str:
    total = 0
    for position, char in enumerate(first_fourteen.upper()):
        if char not in _VALUE:
            raise InvalidGstin(f"{first_fourteen!r}: character {char!r} is not allowed")
        product = _VALUE[char] * (2 if position % 2 else 1)
        total += product // 36 + product % 36
    return ALPHABET[(36 - total % 36) % 36]


def validate_gstin(value: str, *, check_digit: bool = True) -> Gstin:
    """Return the parsed GSTIN or raise ``InvalidGstin`` saying what is wrong."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidGstin("GSTIN is empty")
    gstin = value.strip().upper()
    if len(gstin) != 15:
        raise InvalidGstin(f"GSTIN {value!r} has {len(gstin)} characters; a GSTIN has 15")
    bad = sorted({c for c in gstin if c not in _VALUE})
    if bad:
        raise InvalidGstin(f"GSTIN {value!r} contains characters that are not allowed: {''.join(bad)!r}")
    registration_type = next((kind for kind, pattern in _PATTERNS if pattern.match(gstin)), None)
    if registration_type is None:
        raise InvalidGstin(f"GSTIN {value!r}: {_explain_structure(gstin)}")
    state_based = registration_type not in (
        RegistrationType.NRTP,
        RegistrationType.OIDAR,
        RegistrationType.UIN,
    )
    if state_based and gstin[:2] not in STATE_NAMES:
        raise InvalidGstin(f"GSTIN {value!r}: {gstin[:2]!r} is not a state code")
    if check_digit:
        expected = check_character(gstin[:14])
        if gstin[14] != expected:
            raise InvalidGstin(
                f"GSTIN {value!r}: check character should be {expected!r}, found {gstin[14]!r}"
            )
    return Gstin(gstin, registration_type)


def is_valid_gstin(value: str) -> bool:
    try:
        validate_gstin(value)
    except InvalidGstin:
        return False
    return True


def pan_of(gstin: str) -> str:
    """PAN part of a GSTIN (no validation: used as a blocking key in bulk)."""
    return gstin[2:12].upper()


def _explain_structure(gstin: str) -> str:
    """Say which part of a regular-shaped GSTIN is off."""
    if not gstin[:2].isdigit():
        return f"the first two characters {gstin[:2]!r} must be a numeric state code"
    if gstin[:2] not in STATE_NAMES:
        return f"{gstin[:2]!r} is not a state code"
    if not _PAN.match(gstin[2:12]):
        return f"characters 3-12 {gstin[2:12]!r} are not a PAN (5 letters, 4 digits, 1 letter)"
    if gstin[12] == "0":
        return "the 13th character (entity number) must be 1-9 or A-Z, not 0"
    return f"the 14th character {gstin[13]!r} is not a known registration marker"
