"""Shared fixtures for the Frappe integration tests (not a test module: bench's runner skips it).

Each test class works on its own company GSTIN(s) and deletes their rows
before and after, because the job bodies under test commit on purpose.

Every test runs on a pinned "today" (``TODAY``, through ``india_ims.ims.clock``, the one place the
Frappe layer reads the date) and its return period is built from it, so the suite gives the same
answer on every real day; a test about another day pins that day with ``clock.pinned``.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from unittest.mock import patch

import frappe

from india_ims import compat
from india_ims.gst_india.documents import Action
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import benchmark, clock
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY, RETURN_PERIOD, SETTINGS, SYNC_LOG

FrameworkTestCase = compat.test_case_class()

__all__ = ["BaseTestCase"]


def period_before(day: date) -> str:
    """The return period whose IMS a recipient works on at ``day``: the month before."""
    return str(ReturnPeriod.of(day).previous())


def gstr2b_day(period: str, day: int = 20) -> date:
    """A day in the month after ``period`` (the 20th: GSTR-2B drafted on the 14th, GSTR-3B not yet due)."""
    following = ReturnPeriod.parse(period).next()
    return date(following.year, following.month, day)


# The pinned calendar of the suite. Any 20th works (the sandbox's own default day for a period);
# this one is fixed so that a failure names the same dates on every run.
TODAY = date(2026, 11, 20)
PERIOD = period_before(TODAY)


class BaseTestCase(FrameworkTestCase):
    """Follow-up jobs a job body queues (reconcile after download, GSTR-2B after upload) are
    recorded in ``self.enqueued``, not sent to Redis, where a worker would run them against
    rows the test deletes."""

    #: the day the class runs on, setUpClass included; a test about another day pins it inside
    today: date = TODAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        clock.pin(cls.today)

    @classmethod
    def tearDownClass(cls):
        clock.unpin()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        patcher = patch("frappe.enqueue")
        self.enqueued = patcher.start()
        self.addCleanup(patcher.stop)

    def queued_methods(self) -> list[str]:
        return [c.args[0] for c in self.enqueued.call_args_list]


def company(name: str = "IMS Test Company", abbr: str = "IMSTC") -> str:
    if frappe.db.exists("Company", name):
        open_fiscal_years(name)
        return name
    doc = frappe.get_doc(
        {
            "doctype": "Company",
            "company_name": name,
            "abbr": abbr,
            "default_currency": "INR",
            "country": "India",
            "chart_of_accounts": "Standard",
        }
    )
    doc.insert(ignore_permissions=True)
    frappe.db.commit()
    open_fiscal_years(doc.name)
    return doc.name


def open_fiscal_years(company_name: str) -> None:
    """A Fiscal Year open to the company on every day from two years before today to a year after:
    ERPNext posts a submitted invoice only inside one. A site's years may be limited to other
    companies (test records of ERPNext and India Compliance add theirs to a year, which then no longer
    applies to the rest): the company is added to the year that covers a day, or, where none does, a
    year of its own is made from the day after its last one to the end of that calendar year."""
    year, changed = frappe.utils.getdate().year, False
    for day in [date(y, month, 1) for y in range(year - 2, year + 2) for month in (1, 4, 7, 10)]:
        covering = frappe.db.sql(
            """select fy.name, not exists(select 1 from `tabFiscal Year Company` c where c.parent = fy.name)
                or exists(select 1 from `tabFiscal Year Company` c
                    where c.parent = fy.name and c.company = %(c)s)
            from `tabFiscal Year` fy
            where fy.disabled = 0 and %(d)s between fy.year_start_date and fy.year_end_date""",
            {"d": day, "c": company_name},
        )
        if any(open_to_it for _, open_to_it in covering):
            continue
        if covering:
            doc = frappe.get_doc("Fiscal Year", covering[0][0])
            doc.append("companies", {"company": company_name})
            doc.save(ignore_permissions=True)
        else:
            last = frappe.db.sql(
                """select max(fy.year_end_date) from `tabFiscal Year` fy join `tabFiscal Year Company` c
                on c.parent = fy.name and c.company = %s where fy.year_end_date < %s""",
                (company_name, day),
            )[0][0]
            start = date(day.year, 1, 1)
            if last:
                start = max(start, frappe.utils.getdate(frappe.utils.add_days(last, 1)))
            frappe.get_doc(
                {"doctype": "Fiscal Year", "year": f"{start} {company_name}"[:140],
                 "year_start_date": start, "year_end_date": date(day.year, 12, 31),
                 "companies": [{"company": company_name}]}
            ).insert(ignore_permissions=True)
        changed = True
    if changed:
        frappe.cache.delete_value("fiscal_years")  # ERPNext keeps each company's years there
        frappe.db.commit()


def user(email: str, roles: list[str], company: str) -> str:
    """A user with these roles, limited by a User Permission to one company."""
    if not frappe.db.exists("User", email):
        doc = frappe.get_doc(
            {"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
        )
        doc.insert(ignore_permissions=True)
        doc.add_roles(*roles)
    if not frappe.db.exists("User Permission", {"user": email, "allow": "Company", "for_value": company}):
        frappe.get_doc(
            {
                "doctype": "User Permission",
                "user": email,
                "allow": "Company",
                "for_value": company,
                "apply_to_all_doctypes": 1,
            }
        ).insert(ignore_permissions=True)
    frappe.db.commit()
    return email


def register(company_name: str, gstin: str, *, enabled: int = 0) -> None:
    """The GSTIN registered to this company. Generated months share recipient GSTINs across test
    modules (a seed's month is the same month), so one registered to another company by an earlier
    module is moved here: otherwise which company owns it depends on the order modules ran in."""
    settings = frappe.get_single(SETTINGS)
    held = [row for row in settings.company_gstins if row.gstin == gstin]
    if held and all(row.company == company_name for row in held):
        return
    for row in held:
        settings.remove(row)
    settings.append(
        "company_gstins",
        {"company": company_name, "gstin": gstin, "enabled": enabled, "portal_username": "sandbox-user"},
    )
    settings.save(ignore_permissions=True)
    frappe.db.commit()


def clear(gstin: str) -> None:
    # every log of the GSTIN, its records' and any left by records removed before: a log stamped by a
    # clock that has since gone back (the date matrix's) keeps the GSTIN's figures from being kept
    frappe.db.delete(ACTION_LOG, {"company_gstin": gstin})
    frappe.db.delete(INWARD_SUPPLY, {"company_gstin": gstin})
    logs = frappe.get_all(SYNC_LOG, filters={"company_gstin": gstin}, pluck="name")
    if logs:
        frappe.db.delete("IMS Sync Log Error", {"parent": ("in", logs)})
    frappe.db.delete(SYNC_LOG, {"company_gstin": gstin})
    frappe.db.delete(RETURN_PERIOD, {"company_gstin": gstin})
    frappe.db.delete("IMS Figure Sum", {"company_gstin": gstin})  # the records' sums go with them
    benchmark._clear(gstin)
    frappe.db.commit()


def month(records: int = 60, seed: int = 11, profile: str = "sample"):
    from india_ims.synthetic import generate_month

    return generate_month(seed, records, profile, period=PERIOD)


@contextmanager
def sandbox(records, gstin: str, **config):
    """A GSTN sandbox on a free port, seeded with ``records``, and a logged-in client; the portal's
    "today" is the test's pinned one, so both sides judge on the same date."""
    from india_ims.gstn.client import GstnClient
    from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal

    config.setdefault("today", clock.today())
    portal = make_portal(list(records), gstin=gstin, period=PERIOD, **config)
    with SandboxServer(portal) as server:
        client = GstnClient(server.client_settings())
        client.request_otp()
        client.login(TEST_OTP)
        yield server, client


def portal_sets_action(server, key, action: Action) -> None:
    """An action taken directly on the GST portal."""
    with server.portal.lock:
        state = server.portal.states[key]
        server.portal.states[key] = replace(
            state, gstn_action=action, record=replace(state.record, action=action)
        )


def rows(
    gstin: str, fields=("name", "action", "gstn_action", "upload_pending", "match_status", "purchase_invoice")
) -> list[dict]:
    return frappe.get_all(
        INWARD_SUPPLY, filters={"company_gstin": gstin}, fields=list(fields), order_by="name"
    )


def new_log(kind: str, gstin: str, company_name: str, period: str | None = PERIOD) -> str:
    from india_ims.ims import synclog

    name = synclog.create(kind, company_name, gstin, period, f"test::{kind}::{gstin}")
    frappe.db.commit()
    return name


def download_job(gstin: str, company_name: str, client, **kwargs):
    """A download job run here (no reconcile after it unless asked): its Sync Log and its outcome."""
    from india_ims.ims import jobs
    from india_ims.ims.constants import KIND_DOWNLOAD

    log = new_log(KIND_DOWNLOAD, gstin, company_name)
    kwargs.setdefault("reconcile_after", False)
    return log, jobs.run_download(log, gstin, PERIOD, gstn=client, **kwargs)


class TwoCompanyTestCase(BaseTestCase):
    """Records of two companies, a user and a manager of the first: what one company's people may
    reach of the other's is what these tests are about. Subclasses name the users, the other
    company and the seeds."""

    USER = MANAGER = OTHER_COMPANY = OTHER_ABBR = ""
    RECORDS, OTHER_RECORDS, SEED = 40, 10, 41

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = company()
        cls.other = company(cls.OTHER_COMPANY, cls.OTHER_ABBR)
        cls.month = month(records=cls.RECORDS, seed=cls.SEED)
        cls.other_month = month(records=cls.OTHER_RECORDS, seed=cls.SEED + 1)
        cls.gstin, cls.other_gstin = cls.month.recipient_gstin, cls.other_month.recipient_gstin
        assert cls.gstin != cls.other_gstin
        register(cls.company, cls.gstin)
        register(cls.other, cls.other_gstin)
        user(cls.USER, ["Accounts User"], cls.company)
        user(cls.MANAGER, ["Accounts User", "Accounts Manager"], cls.company)

    def setUp(self):
        from india_ims.ims.download import apply_records

        super().setUp()
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.other_gstin):
            clear(gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        apply_records(self.other, self.other_gstin, self.other_month.ims_records)
        frappe.db.commit()

    def tearDown(self):
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.other_gstin):
            clear(gstin)

    def _names(self, gstin, **filters):
        return frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": gstin, **filters}, pluck="name", order_by="name"
        )
