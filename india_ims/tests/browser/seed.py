"""Test data for the browser walk, made the way a user makes it: through ERPNext's REST API (Suppliers
with names and GSTINs, submitted Purchase Invoices with tax lines, users with roles), and a GSTN
sandbox the site's worker downloads from. Nothing is written into the site's tables directly.

Imports nothing from frappe: it runs in the test process, next to the browser, not in the site.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests

from india_ims.gst_india.documents import DocumentType
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal
from india_ims.synthetic import generate_month

from . import gst_setup

COMPANY = "IMS Demo Private Limited"
PASSWORD = "Ims-browser-test-1"
USERS = {
    "Accounts Manager": "ims.browser.manager@example.com",
    "Accounts User": "ims.browser.user@example.com",
}
# An accounts manager also holds Accounts User, as in ERPNext's own setup: Accounts Manager alone may
# not read Addresses, and ERPNext's supplier lookup on a new Purchase Invoice reads them.
ROLES = {"Accounts Manager": ("Accounts Manager", "Accounts User"), "Accounts User": ("Accounts User",)}
# Hostile values a supplier can put in a document number or remarks on the GST portal, and a colleague
# in a Supplier name or a bill number; if any runs, it sets window.__ims_xss.
HOSTILE = [
    "<img src=x onerror=window.__ims_xss=1>",
    '"><svg onload=window.__ims_xss=2>',
    "<script>window.__ims_xss=3</script>",
    "'-window.__ims_xss=4-'",
]
HEADS = ("igst", "cgst", "sgst", "cess")


@dataclass
class World:
    base_url: str
    gstin: str
    period: str
    sandbox: SandboxServer
    otp: str
    hostile_numbers: list[str]
    hostile_supplier: str


class Rest:
    """A user's REST session on the site (Administrator's unless told)."""

    def __init__(self, base_url: str, password: str, user: str = "Administrator"):
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        parts = urlsplit(self.base_url)
        if parts.hostname and parts.hostname.endswith(".localhost"):
            # Browsers resolve *.localhost themselves; Python does not: connect to 127.0.0.1 and name
            # the site in the Host header.
            self.base_url = f"{parts.scheme}://127.0.0.1:{parts.port or 80}"
            self.http.headers["Host"] = parts.netloc
        response = self.http.post(f"{self.base_url}/api/method/login", data={"usr": user, "pwd": password})
        response.raise_for_status()

    def call(self, method: str, **params):
        response = self.http.post(f"{self.base_url}/api/method/{method}", json=params)
        if response.status_code >= 400:
            raise AssertionError(f"{method}: HTTP {response.status_code} {response.text[:800]}")
        return response.json().get("message")

    def get_list(self, doctype: str, filters=None, fields=("name",), limit=0):
        return self.call(
            "frappe.client.get_list",
            doctype=doctype,
            filters=filters or {},
            fields=list(fields),
            limit_page_length=limit,
        )

    def insert(self, doc: dict) -> dict:
        response = self.http.post(f"{self.base_url}/api/resource/{doc['doctype']}", json=doc)
        if response.status_code >= 400:
            raise AssertionError(
                f"insert {doc['doctype']}: HTTP {response.status_code} {response.text[:1500]}"
            )
        return response.json()["data"]

    def get(self, doctype: str, name: str) -> dict:
        return self.http.get(f"{self.base_url}/api/resource/{doctype}/{requests.utils.quote(name)}").json()[
            "data"
        ]

    def update(self, doctype: str, name: str, values: dict) -> dict:
        response = self.http.put(
            f"{self.base_url}/api/resource/{doctype}/{requests.utils.quote(name)}", json=values
        )
        if response.status_code >= 400:
            raise AssertionError(
                f"update {doctype} {name}: HTTP {response.status_code} {response.text[:1500]}"
            )
        return response.json()["data"]


def site_period() -> str:
    """The GSTR-3B period the tool opens on: the site runs in India's time zone."""
    return str(ReturnPeriod.of(datetime.now(ZoneInfo("Asia/Kolkata")).date()).previous())


def _company(rest: Rest) -> dict:
    """The Indian company the world is built in, made through ERPNext as an admin would where the
    site has none: a site set up by its wizard in another country (ERPNext's own test set-up makes a
    US company in dollars) has only that one."""
    if not rest.get_list("Company", {"name": COMPANY}):
        rest.insert(
            {
                "doctype": "Company",
                "company_name": COMPANY,
                "abbr": "IMSDPL",
                "default_currency": "INR",
                "country": "India",
                "chart_of_accounts": "Standard",
            }
        )
    if not rest.get_list("Price List", {"buying": 1, "enabled": 1, "currency": "INR"}):
        # its bills are priced in rupees: a site set up in dollars has only a dollar buying list
        rest.insert(
            {"doctype": "Price List", "price_list_name": "Buying (INR)", "currency": "INR", "buying": 1,
             "enabled": 1}
        )
    return rest.get("Company", COMPANY)


def _tax_accounts(rest: Rest, abbr: str) -> dict[str, str]:
    parent = rest.get_list("Account", {"company": COMPANY, "account_name": "Duties and Taxes"})[0]["name"]
    out = {}
    for head in HEADS:
        label = "Cess" if head == "cess" else head.upper()
        name = f"IMS Input {label} - {abbr}"
        if not rest.get_list("Account", {"name": name}):
            rest.insert(
                {
                    "doctype": "Account",
                    "account_name": f"IMS Input {label}",
                    "company": COMPANY,
                    "parent_account": parent,
                    "account_type": "Tax",
                    "is_group": 0,
                }
            )
        out[head] = name
    return out


def _users(rest: Rest) -> None:
    for role, email in USERS.items():
        if not rest.get_list("User", {"name": email}):
            rest.insert(
                {
                    "doctype": "User",
                    "email": email,
                    "first_name": role.replace(" ", ""),
                    "send_welcome_email": 0,
                    "new_password": PASSWORD,
                    "roles": [{"role": held} for held in ROLES[role]],
                }
            )
        else:  # a site seeded before the roles changed
            user = rest.get("User", email)
            held = {row["role"] for row in user.get("roles", [])}
            if not set(ROLES[role]) <= held:
                rest.update("User", email, {"roles": [{"role": name} for name in held | set(ROLES[role])]})
        if not rest.get_list("User Permission", {"user": email, "allow": "Company", "for_value": COMPANY}):
            rest.insert(
                {
                    "doctype": "User Permission",
                    "user": email,
                    "allow": "Company",
                    "for_value": COMPANY,
                    "apply_to_all_doctypes": 1,
                }
            )


def _settings(rest: Rest, gstin: str, base_url: str, accounts: dict[str, str]) -> None:
    settings = rest.get("IMS Settings", "IMS Settings")
    rows = [row for row in settings.get("company_gstins", []) if row["gstin"] != gstin]
    rows.append({"company": COMPANY, "gstin": gstin, "enabled": 1, "portal_username": "sandbox-user"})
    taxes = [row for row in settings.get("tax_accounts", []) if row["account"] not in accounts.values()]
    taxes += [
        {"account": account, "tax_head": "Cess" if head == "cess" else head.upper()}
        for head, account in accounts.items()
    ]
    rest.update(
        "IMS Settings",
        "IMS Settings",
        {
            "company_gstins": [
                {
                    k: v
                    for k, v in row.items()
                    if k in ("company", "gstin", "enabled", "portal_username", "quarterly_filer")
                }
                for row in rows
            ],
            "tax_accounts": [{"account": row["account"], "tax_head": row["tax_head"]} for row in taxes],
            "gsp_base_url": base_url,
            "gsp_client_id": "sandbox",
            "gsp_client_secret": "sandbox",
        },
    )


def _supplier(rest: Rest, gstin: str, name: str) -> str:
    found = rest.get_list("Supplier", {"tax_id": gstin})
    if found:
        docname = found[0]["name"]
    else:
        # The document name may not hold markup; the supplier's name, which the tool shows, may.
        docname = rest.insert(
            {
                "doctype": "Supplier",
                "supplier_name": f"Supplier {gstin}",
                "tax_id": gstin,
                "supplier_group": "All Supplier Groups",
                # an Indian supplier bills in rupees, whatever currency the site was set up in
                "default_currency": "INR",
            }
        )["name"]
    rest.update("Supplier", docname, {"supplier_name": name, "default_currency": "INR"})
    return docname


def _charge(amounts, head: str, *, on_rate: bool) -> dict:
    """India Compliance refuses "Actual" GST lines (no item-wise tax): there the line is a rate on the
    net total, the rate that gives the portal's amount."""
    paise = getattr(amounts, head)
    if on_rate:
        return {"charge_type": "On Net Total", "rate": round(100 * paise / amounts.taxable_value, 3)}
    return {"charge_type": "Actual", "tax_amount": round(paise / 100, 2)}


def _purchase_invoice(
    rest: Rest, doc, supplier: str, company_gstin: str, accounts, expense: str, addresses: dict
) -> None:
    rupees = lambda paise: round(paise / 100, 2)  # noqa: E731
    rest.insert(
        {
            "doctype": "Purchase Invoice",
            "company": COMPANY,
            "supplier": supplier,
            "bill_no": doc.bill_no,
            "bill_date": str(doc.bill_date),
            "posting_date": str(doc.posting_date or doc.bill_date),
            "set_posting_time": 1,
            "currency": "INR",
            "conversion_rate": 1,
            "ims_supplier_gstin": doc.supplier_gstin,
            "ims_company_gstin": company_gstin,
            "ims_place_of_supply": doc.place_of_supply,
            "items": [
                {
                    "item_name": f"Goods on {doc.bill_no}",
                    "qty": 1,
                    "uom": "Nos",
                    "conversion_factor": 1,
                    "rate": rupees(doc.amounts.taxable_value),
                    "expense_account": expense,
                }
            ],
            "taxes": [
                {
                    "account_head": accounts[head],
                    "description": head.upper(),
                    "category": "Total",
                    "add_deduct_tax": "Add",
                    **_charge(doc.amounts, head, on_rate=bool(addresses)),
                }
                for head in HEADS
                if getattr(doc.amounts, head)
            ],
            "docstatus": 1,
            **addresses,
        }
    )


def build(
    base_url: str, admin_password: str, *, records: int = 36, invoices: int = 24, seed: int = 10
) -> World:
    rest = Rest(base_url, admin_password)
    period = site_period()
    month = generate_month(seed, records, "sample", period=period)
    gstin = month.recipient_gstin
    # A hostile supplier puts markup in document numbers and remarks on the portal.
    ims = list(month.ims_records)
    # in the period the tool opens on, so one search shows them all
    shown = [
        i
        for i, r in enumerate(ims)
        if r.supplier_return_period == period
        and r.supplier_filed
        and r.source_form == "R1"
        and r.section.value == "b2b"
    ][:4]
    for index, text in zip(shown[:3], HOSTILE[:3], strict=True):
        ims[index] = replace(
            ims[index], document_number=text[:60], remarks=HOSTILE[(HOSTILE.index(text) + 1) % 4]
        )
    portal = make_portal(ims, gstin=gstin, period=period, username="sandbox-user")
    # GSTN never gives a reference twice. A site keeps the upload references of earlier runs'
    # sandboxes, so this one numbers on from the clock: starting at 1 again, the walk's upload met
    # its reference among the old ones and (rightly) took GSTN's answer for a replay, outcome unknown.
    portal.counter = int(time.time())
    sandbox = SandboxServer(portal, port=0)
    sandbox.start()
    company = _company(rest)
    accounts = _tax_accounts(rest, company["abbr"])
    # Beside India Compliance a Purchase Invoice with GST needs GSTINs on addresses and GST accounts.
    india = gst_setup.has_india_compliance(rest)
    own_address = None
    if india:
        gst_setup.gst_accounts(rest, COMPANY, accounts)
        accounts = {**accounts, **(gst_setup.input_accounts(rest, COMPANY) or {})}
        own_address = gst_setup.company_address(rest, COMPANY, gstin)
    _settings(rest, gstin, sandbox.base_url, accounts)
    _users(rest)
    # The tool opens on each user's last GSTIN: on a site that ran other worlds before, that is another
    # GSTIN (whose sandbox is gone), so every user is set on this world's.
    for user, password in [("Administrator", admin_password)] + [(u, PASSWORD) for u in USERS.values()]:
        Rest(base_url, password, user).call(
            "india_ims.ims.tool_api.remember_view", company_gstin=gstin, period=period
        )
    hostile_supplier = f"Trader {HOSTILE[0]}"
    hostile_gstin = ims[shown[3]].supplier_gstin
    made = 0
    booked = {
        row["bill_no"]
        for row in rest.get_list(
            # not the benchmarks' invoices (``IMS-BENCH-...``), which reuse the same bill numbers
            "Purchase Invoice",
            {"company": COMPANY, "docstatus": 1, "name": ["not like", "IMS-BENCH-%"]},
            fields=("bill_no",),
        )
    }
    # Two invoices the supplier never reported come first, so the period has some Missing in IMS.
    unreported = {t.purchase_invoice for t in month.truth if t.category == "missing_in_ims"}
    first = [d for d in month.purchases if d.name in unreported][:2]
    for doc in first + [d for d in month.purchases if d not in first]:
        if made >= invoices or doc.document_type is not DocumentType.INVOICE:
            continue
        if india and not gst_setup.heads_fit(doc):
            continue  # India Compliance refuses CGST/SGST across states: a clerk could not book it
        if doc.bill_no in booked:  # a second run on the same site books nothing twice
            made += 1
            continue
        name = (
            hostile_supplier
            if doc.supplier_gstin == hostile_gstin
            else (doc.supplier_name or doc.supplier_gstin)
        )
        supplier = _supplier(rest, doc.supplier_gstin, name)
        addresses = {}
        if india:
            addresses = {
                "supplier_address": gst_setup.supplier_address(rest, supplier, doc.supplier_gstin),
                "billing_address": own_address,
                # the portal's place of supply (CGST+SGST when it is the supplier's state), in
                # India Compliance's "29-Karnataka" form, so it does not derive another one
                "place_of_supply": gst_setup.place_of_supply(doc.place_of_supply),
            }
        _purchase_invoice(rest, doc, supplier, gstin, accounts, company["default_expense_account"], addresses)
        made += 1
    hostile = _supplier(rest, hostile_gstin, hostile_supplier)
    if india:
        gst_setup.supplier_address(rest, hostile, hostile_gstin)
    return World(
        base_url,
        gstin,
        period,
        sandbox,
        TEST_OTP,
        [ims[i].document_number for i in shown[:3]],
        hostile_supplier,
    )


def clean(base_url: str, admin_password: str, world: World) -> None:
    """Leave the site as found: the sandbox stops; the site's data stays for a person to look at."""
    world.sandbox.stop()


__all__ = ["build", "clean", "USERS", "PASSWORD", "HOSTILE", "json"]
