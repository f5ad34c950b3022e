"""GSTN wire keys stay in the payload-mapping modules (style rule)."""

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "india_ims"
# Provider adapters map their own envelopes and the supplier view (issue 12).
ALLOWED = {APP / "gst_india" / "payload", APP / "gstn" / "adapters"}
WIRE = re.compile(r"""["'](stin|inum|idt|nt_num|nt_dt|rtnprd|oinum|ont_num|ctin|iamt|camt|samt)["']""")


def test_wire_keys_only_in_payload_mapping():
    offenders = []
    for path in APP.rglob("*.py"):
        if any(parent in ALLOWED for parent in path.parents):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WIRE.search(line):
                offenders.append(f"{path.relative_to(APP)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
