"""GSTN's coded values as closed sets: a value outside its set is an error that names it.

An unknown code is never read as a default ("Filed", "N", "available"): a value GSTN or a
provider starts sending tomorrow must stop the import with its name, not change what the app
believes about a document. Each set cites where the values come from (spec sections 1.5, 3.4).
"""

from __future__ import annotations

from ..errors import GstError

# Y/N flags (spec 1.5). GSTN sends Y and N; the other spellings come from providers' and
# people's hand-made files and mean the same thing.
_YES = frozenset({"Y", "YES", "TRUE", "1"})
_NO = frozenset({"N", "NO", "FALSE", "0"})

# srcfilstatus: "Filed" / "Not Filed" (India Compliance fixture), "NotFiled" (EY sample); compared
# without case and spaces (spec 1.5, section 7 item 5).
SUPPLIER_FILING = {"FILED": True, "NOTFILED": False}

# srcform: R1 (GSTR-1/IFF), R1A (GSTR-1A) (spec 1.5); IFF, R5 and R6 are the forms whose cut-off
# days the lifecycle rules know (rules/lifecycle.py), and the generator writes IFF.
SOURCE_FORMS = frozenset({"R1", "R1A", "IFF", "R5", "R6"})

# inv_typ: GSTR-1 invoice types (spec 1.5); CBW (custom bonded warehouse) is GSTR-1's newest.
INVOICE_TYPES = frozenset({"R", "SEWP", "SEWOP", "DE", "CBW"})

# IMS actions as providers' status words (Sandbox's filter: accepted, rejected, pending,
# no_action_taken), compared without case, spaces and "_"; each names one action only.
ACTION_WORDS = {"ACCEPTED": "A", "ACCEPT": "A", "REJECTED": "R", "REJECT": "R", "PENDING": "P",
                "NOACTION": "N", "NOACTIONTAKEN": "N"}


def action_code(text: str) -> str:
    """The code a provider's word for an IMS action names (``ACTION_WORDS``); any other text as it
    came, for the caller to check as a code and refuse in its own words."""
    return ACTION_WORDS.get(text.replace(" ", "").replace("_", "").upper(), text)

# GSTR-2B (spec 3.4): itcavl Y/N/T (T: temporary), note typ C/D, ISD doctyp ISDI/ISDC.
ITC_AVAILABILITY = {"Y": True, "T": True, "N": False}
NOTE_TYPES = frozenset({"C", "D"})
ISD_DOCUMENT_TYPES = {"ISDI": None, "ISDC": "C", "ISDD": "D"}

# GSTR-2B schema versions whose shape this app reads: 1.0 (the portal's early files, amounts
# possibly in items[]) to 4.0 (IMS era). A later major version may move amounts again.
GSTR2B_VERSIONS = frozenset({"1.0", "2.0", "3.0", "4.0"})


def flag(value: object) -> bool | None:
    """Y/N as True/False; None when absent; anything else is an error naming the value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if not isinstance(value, (str, int)):
        raise GstError(f"{_show(value)} is not Y or N")
    text = str(value).strip().upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise GstError(f"{_show(value)} is not Y or N")


def supplier_filed(value: object) -> bool:
    """srcfilstatus: absent means filed (GETINV of older payloads omits it); unknown is an error."""
    if value is None or value == "":
        return True
    key = str(value).replace(" ", "").replace("_", "").upper() if isinstance(value, str) else None
    if key not in SUPPLIER_FILING:
        raise GstError(f"{_show(value)} is not a supplier filing status (Filed, Not Filed)")
    return SUPPLIER_FILING[key]


def one_of(value: object, allowed: frozenset[str], what: str) -> str:
    """An upper-cased code from a closed set."""
    text = value.strip().upper() if isinstance(value, str) else None
    if text not in allowed:
        raise GstError(f"{_show(value)} is not {what} ({', '.join(sorted(allowed))})")
    return text


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
