"""A queued download's prepared files as one answer, for the dialects whose provider fetches GSTN's
files itself (Sandbox's REST API, Vayana's EAS): the app never sees the file flow there."""

from __future__ import annotations

from .. import crypto
from ..client import read_encrypted_archive


def merged_files(portal, token: str) -> dict:
    """Every section's rows of the files behind ``token``, in file order."""
    with portal.lock:
        names, _, key, _ = portal.tokens[token]
        merged: dict = {}
        for name, _count in names:
            for section, rows in read_encrypted_archive(portal.files[name], crypto.unb64(key)).items():
                merged.setdefault(section, []).extend(rows)
    return merged
