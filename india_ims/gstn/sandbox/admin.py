"""Admin routes under ``/sandbox/``: faults, supplier behaviour, GSTR-3B filing, state files.

GET    /sandbox/state                      what GSTN holds, applications per record, filed periods
GET    /sandbox/public-key                 GSTN's public key (PEM) for encrypted sessions
POST   /sandbox/faults   {kind, action?, times?, when?, records?, polls?, delay?}
DELETE /sandbox/faults
POST   /sandbox/supplier {op: edit|delete|amend|file, key?, supplier_gstin?, amounts?}
POST   /sandbox/gstr3b   {period}
POST   /sandbox/save     {path}            POST /sandbox/load {path}
POST   /sandbox/expire-sessions
POST   /sandbox/recipient {op: act|file3b, recipient, key?, action?, period?}  (our buyers' IMS)
"""

from __future__ import annotations

from ...gst_india.documents import Amounts
from ...gst_india.errors import GstError
from ...gst_india.money import to_paise
from ..ledger import key_from_text, key_text
from .portal import PortalError
from .state import load_state, save_portal

_AMOUNT_NAMES = ("taxable_value", "igst", "cgst", "sgst", "cess")


def handle(server, method: str, route: str, query: dict, body) -> tuple[int, dict]:
    body = body if isinstance(body, dict) else {}
    try:
        return 200, _route(server, method, route.strip("/"), body)
    except (PortalError, GstError, ValueError, KeyError, TypeError, OSError) as error:
        return 400, {"error": str(error)}


def _amounts(body: dict) -> Amounts:
    values = body.get("amounts") or {}
    return Amounts(**{name: to_paise(values.get(name, 0), field=name) for name in _AMOUNT_NAMES})


def _route(server, method: str, route: str, body: dict) -> dict:
    portal = server.portal
    if (method, route) == ("GET", "state"):
        with portal.lock:
            portal.tick()
            return {
                "gstin": portal.config.gstin,
                "held": {key_text(k): a.value for k, a in sorted(portal.held().items())},
                "applied": {key_text(k): v for k, v in sorted(portal.applied.items())},
                "filed_3b": sorted(portal.filed_3b),
            }
    if (method, route) == ("GET", "public-key"):
        return {"public_key": server.auth.public_key_pem}
    if (method, route) == ("POST", "faults"):
        options = {k: v for k, v in body.items() if k != "kind"}
        server.faults.add(body["kind"], **options)
        return {"armed": server.faults.armed()}
    if (method, route) == ("DELETE", "faults"):
        server.faults.clear()
        return {"armed": []}
    if (method, route) == ("POST", "supplier"):
        op = body.get("op")
        if op == "file":
            return {"filed": portal.supplier_file(body["supplier_gstin"])}
        key = key_from_text(body["key"])
        if op == "edit":
            return {"record": key_text(portal.supplier_edit(key, _amounts(body)).key)}
        if op == "delete":
            portal.supplier_delete(key)
            return {"deleted": key_text(key)}
        if op == "amend":
            return {
                "record": key_text(
                    portal.supplier_amend(key, _amounts(body), new_number=body.get("new_number")).key
                )
            }
        raise ValueError(f"supplier op {op!r} is not edit, delete, amend or file")
    if (method, route) == ("POST", "gstr3b"):
        return portal.file_gstr3b(str(body["period"]))
    if (method, route) == ("POST", "save"):
        return {"saved": str(save_portal(portal, body["path"], supplier=server.supplier))}
    if (method, route) == ("POST", "load"):
        loaded, supplier = load_state(body["path"])
        with portal.lock:
            portal.__dict__.update({k: v for k, v in loaded.__dict__.items() if k != "lock"})
        if supplier is not None:
            server.supplier = supplier
        return {"loaded": body["path"], "records": len(portal.states)}
    if (method, route) == ("POST", "recipient"):
        return _recipient(server, body)
    if (method, route) == ("POST", "expire-sessions"):
        server.auth.expire_all()
        return {"expired": True}
    raise ValueError(f"no admin route {method} /sandbox/{route}")


def _recipient(server, body: dict) -> dict:
    """A buyer of ours acts in its own IMS, or files its GSTR-3B: what the supplier view then shows."""
    from ...gst_india.documents import Action

    op, recipient = body.get("op"), str(body.get("recipient") or "")
    if op == "act":
        status = server.supplier.recipient_acts(
            recipient,
            key_from_text(body["key"]),
            Action.from_label(body["action"]),
            remarks=body.get("remarks"),
        )
        return {"status": status}
    if op == "file3b":
        return server.supplier.recipient_files_3b(recipient, str(body["period"]))
    raise ValueError(f"recipient op {op!r} is not act or file3b")
