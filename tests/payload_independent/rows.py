"""Invented GETINV rows in the shapes GSTN and the providers document (values are our own)."""

from __future__ import annotations

from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[2]
# the public projects' files, read where they lie beside the clone (CI's clean machine has none)
REAL = next((p / "spec" / "examples" / "real" for p in (_REPO.parent / "shared", _REPO.parents[1] / "shared")
             if (p / "spec" / "examples" / "real").is_dir()), None)
needs_real = pytest.mark.skipif(REAL is None, reason="shared/spec/examples/real is not beside this clone")
RECIPIENT = "29AAJCM5823E1ZC"
SUPPLIER = "27AADCK7391H1Z7"  # valid check character (spec 6.2 test vectors)
SUPPLIER_2 = "33AAHCT4471Q1ZR"


def invoice(**changes) -> dict:
    """A b2b row with every field spec 1.5 lists for GETINV (Sandbox's SB-inv sample has the same keys)."""
    row = {
        "stin": SUPPLIER, "inum": "MH/2526/00871", "idt": "14-10-2025", "inv_typ": "R", "action": "N",
        "ispendactblocked": "N", "srcform": "R1", "rtnprd": "102025", "srcfilstatus": "Filed",
        "val": 236000, "pos": "29", "txval": 200000, "iamt": 36000, "camt": 0, "samt": 0, "cess": 0,
        "hash": "3c" * 32,
    }
    row.update(changes)
    return row


def note(**changes) -> dict:
    """A credit/debit-note row: nt_num / nt_dt instead of inum / idt (spec 1.3)."""
    row = invoice()
    row["nt_num"], row["nt_dt"] = "CN-0042", "21-10-2025"
    del row["inum"], row["idt"]
    row.update(changes)
    return row
