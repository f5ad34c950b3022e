"""What a site with India Compliance asks of the browser walk's data before it books a Purchase Invoice
with GST: the company's GSTIN on a company address, each supplier's GSTIN on the supplier's address,
and the tax accounts named in GST Settings (GST Accounts, type Input). On plain ERPNext none of it
exists and nothing here runs. All of it goes through ERPNext's REST API, like the rest of the seed.
"""

from __future__ import annotations

from india_ims.gst_india.gstin import STATE_NAMES

TAX_FIELDS = {"igst": "igst_account", "cgst": "cgst_account", "sgst": "sgst_account", "cess": "cess_account"}


def has_india_compliance(rest) -> bool:
    """India Compliance owns the module "GST India"; its Address and Purchase Invoice carry GSTINs."""
    return bool(rest.get_list("Module Def", {"name": "GST India"}))


def _address(rest, title: str, gstin: str, link_doctype: str, link_name: str, *, own: bool) -> str:
    found = rest.get_list("Address", {"gstin": gstin, "address_title": title})
    if found:
        return found[0]["name"]
    return rest.insert(
        {
            "doctype": "Address",
            "address_title": title,
            "address_type": "Billing",
            "address_line1": f"{gstin[2:7]} Industrial Area",
            "city": "Bengaluru" if gstin.startswith("29") else "City",
            "state": STATE_NAMES[gstin[:2]],
            "country": "India",
            "gstin": gstin,
            "gst_category": "Registered Regular",
            "is_your_company_address": int(own),
            "is_primary_address": 1,
            "links": [{"link_doctype": link_doctype, "link_name": link_name}],
        }
    )["name"]


def company_address(rest, company: str, gstin: str) -> str:
    """The company's GSTIN on its own address; India Compliance reads the company's GSTIN from there."""
    name = _address(rest, company, gstin, "Company", company, own=True)
    rest.update("Company", company, {"gstin": gstin, "gst_category": "Registered Regular"})
    return name


def supplier_address(rest, supplier: str, gstin: str) -> str:
    rest.update("Supplier", supplier, {"gstin": gstin, "gst_category": "Registered Regular"})
    return _address(rest, f"{supplier} {gstin}", gstin, "Supplier", supplier, own=False)


def gst_accounts(rest, company: str, accounts: dict[str, str]) -> None:
    """Name the walk's input tax accounts in GST Settings, unless the company already has an Input row."""
    settings = rest.get("GST Settings", "GST Settings")
    rows = settings.get("gst_accounts", [])
    if any(row["company"] == company and row["account_type"] == "Input" for row in rows):
        return
    keep = (
        "company",
        "account_type",
        "cgst_account",
        "sgst_account",
        "igst_account",
        "cess_account",
        "cess_non_advol_account",
    )
    rows = [{k: row.get(k) for k in keep if row.get(k)} for row in rows]
    row = {"company": company, "account_type": "Input"}
    row.update({field: accounts[head] for head, field in TAX_FIELDS.items()})
    rest.update("GST Settings", "GST Settings", {"gst_accounts": [*rows, row]})


def input_accounts(rest, company: str) -> dict[str, str] | None:
    """The company's Input tax accounts from GST Settings, if it has a row there."""
    settings = rest.get("GST Settings", "GST Settings")
    for row in settings.get("gst_accounts", []):
        if row["company"] == company and row["account_type"] == "Input":
            return {head: row.get(field) for head, field in TAX_FIELDS.items() if row.get(field)}
    return None


def place_of_supply(code: str) -> str:
    return f"{code}-{STATE_NAMES[code]}"


def heads_fit(doc) -> bool:
    """CGST/SGST only within the supplier's state, IGST only across states (India Compliance's rule);
    the synthetic month books a few bills under the wrong head on purpose."""
    within = doc.supplier_gstin[:2] == doc.place_of_supply
    if within:
        return not doc.amounts.igst
    return not (doc.amounts.cgst or doc.amounts.sgst)
