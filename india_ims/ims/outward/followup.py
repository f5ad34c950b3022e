"""Follow-up e-mails to counterparties: preview, then send, one e-mail per party.

As a recipient we write to suppliers (IMS Inward Supply rows mismatched, rejected or pending, and
Purchase Invoices missing in IMS); as a supplier we write to customers who rejected or keep pending
our documents (IMS Outward Supply). The text is an editable Email Template (Jinja, made at install);
every value put into it is escaped first. Each e-mail goes through the Email Queue with a
Communication linked to every record it lists. A party without an e-mail address is listed in the
preview and in the Sync Log, never skipped silently. Nothing is sent without a manager's action.
"""

from __future__ import annotations

from dataclasses import replace

import frappe
from frappe.utils import escape_html, now_datetime

from india_ims.gst_india.money import to_paise
from india_ims.gst_india.outward import followup as core
from india_ims.gst_india.periods import ReturnPeriod

from .. import bulk, clock, synclog
from ..constants import INWARD_SUPPLY
from ..pi_links import missing_scope
from ..purchases import field_map as purchase_fields
from .store import OUTWARD_SUPPLY

TEMPLATES = {
    core.CUSTOMERS: "IMS Follow-up: Customers",
    core.SUPPLIERS: "IMS Follow-up: Suppliers",
}
PARTY_DOCTYPE = {core.CUSTOMERS: "Customer", core.SUPPLIERS: "Supplier"}
_SUBJECT = {
    core.CUSTOMERS: "Our invoices of {{ period_label }} in your IMS: {{ count }} to look at",
    core.SUPPLIERS: "Your invoices of {{ period_label }} in our IMS: {{ count }} to look at",
}
_BODY = {
    core.CUSTOMERS: (
        "<p>Dear {{ party }},</p>"
        "<p>In the GST Invoice Management System, these documents we reported to you ({{ party_gstin }}) "
        "for {{ period_label }} are rejected or kept pending. Please review them, or tell us what to "
        "correct:</p><ul>{% for line in lines %}<li>{{ line.text }}</li>{% endfor %}</ul>"
        "<p>Regards,<br>{{ company }} ({{ company_gstin }})</p>"
    ),
    core.SUPPLIERS: (
        "<p>Dear {{ party }},</p>"
        "<p>We checked the GST Invoice Management System against our books for {{ period_label }}. "
        "These documents of yours ({{ party_gstin }}) need your attention:</p>"
        "<ul>{% for line in lines %}<li>{{ line.text }}</li>{% endfor %}</ul>"
        "<p>Please report or correct them in your GSTR-1/IFF or GSTR-1A.</p>"
        "<p>Regards,<br>{{ company }} ({{ company_gstin }})</p>"
    ),
}


def make_templates() -> None:
    """The editable templates, once (a user's edits are kept on migrate)."""
    for side, name in TEMPLATES.items():
        if frappe.db.exists("Email Template", name):
            continue
        frappe.get_doc(
            {
                "doctype": "Email Template",
                "name": name,
                "subject": _SUBJECT[side],
                "use_html": 1,
                "response_html": _BODY[side],
            }
        ).insert(ignore_permissions=True)


def _check_side(side: str) -> str:
    if side not in TEMPLATES:
        frappe.throw(f"Follow-up side {side!r} is neither customers nor suppliers", frappe.ValidationError)
    return side


# ---------------------------------------------------------------- what to chase


def customer_items(company_gstin: str, period: str) -> list[core.FollowUpItem]:
    rows = frappe.get_all(
        OUTWARD_SUPPLY,
        filters={
            "company_gstin": company_gstin,
            "return_period": period,
            "recipient_action": ("in", ("Rejected", "Pending")),
        },
        fields=[
            "name",
            "customer",
            "recipient_name",
            "recipient_gstin",
            "document_number",
            "document_date",
            "document_value",
            "recipient_action",
        ],
    )
    return [
        core.FollowUpItem(
            row.customer or row.recipient_name or "",
            row.recipient_gstin,
            row.name,
            row.document_number,
            row.document_date,
            to_paise(row.document_value),
            row.recipient_action,
            "",
            OUTWARD_SUPPLY,
        )
        for row in rows
    ]


def supplier_items(company_gstin: str, period: str) -> list[core.FollowUpItem]:
    rows = frappe.db.sql(
        f"""select r.name, r.supplier_gstin, r.supplier_name, r.document_number, r.document_date,
                r.document_value, r.match_status, r.match_reason, r.action, pi.supplier
            from `tab{INWARD_SUPPLY}` r left join `tabPurchase Invoice` pi on pi.name = r.purchase_invoice
            where r.company_gstin = %(gstin)s and r.supplier_return_period = %(period)s
              and (r.match_status in ('Mismatch', 'Suggested Match')
                   or r.action in ('Rejected', 'Pending'))""",
        {"gstin": company_gstin, "period": period},
        as_dict=True,
    )
    out = []
    for row in rows:
        status = row.action if row.action in ("Rejected", "Pending") else row.match_status
        out.append(
            core.FollowUpItem(
                row.supplier or row.supplier_name or "",
                row.supplier_gstin,
                row.name,
                row.document_number,
                row.document_date,
                to_paise(row.document_value),
                status,
                row.match_reason or "",
                INWARD_SUPPLY,
            )
        )
    fields = purchase_fields()
    missing = frappe.db.sql(
        f"""select pi.name, pi.supplier, pi.`{fields["supplier_gstin"]}` as gstin, pi.bill_no,
                pi.bill_date, pi.posting_date, pi.base_grand_total
            {missing_scope(fields["company_gstin"])}""",
        {"gstin": company_gstin, "period": period},
        as_dict=True,
    )
    for row in missing:
        out.append(
            core.FollowUpItem(
                row.supplier,
                (row.gstin or "").upper(),
                row.name,
                row.bill_no or row.name,
                row.bill_date or row.posting_date,
                to_paise(row.base_grand_total),
                "Missing in IMS",
                "",
                "Purchase Invoice",
            )
        )
    return out


def _emails(side: str, parties: set[str]) -> dict[str, str]:
    """Party name -> e-mail: the party's own e-mail, else its primary (then any) contact's."""
    doctype = PARTY_DOCTYPE[side]
    names = [p for p in parties if p]
    if not names:
        return {}
    found = dict(
        frappe.get_all(doctype, filters={"name": ("in", names)}, fields=["name", "email_id"], as_list=True)
    )
    missing = [name for name in names if not found.get(name)]
    if missing:
        for party, email in frappe.db.sql(
            """select dl.link_name, c.email_id from `tabContact` c
                join `tabDynamic Link` dl on dl.parent = c.name and dl.parenttype = 'Contact'
                where dl.link_doctype = %(doctype)s and dl.link_name in %(names)s
                  and ifnull(c.email_id, '') != ''
                order by c.is_primary_contact desc, c.creation""",
            {"doctype": doctype, "names": missing},
        ):
            found[party] = found.get(party) or email
    return {name: email for name, email in found.items() if email}


def _parties_by_gstin(side: str, gstins: set[str]) -> dict[str, str]:
    """GSTIN -> party, for documents not linked to one: India Compliance's ``gstin`` field, else Tax ID."""
    doctype = PARTY_DOCTYPE[side]
    meta = frappe.get_meta(doctype)
    found: dict[str, str] = {}
    for field in ("gstin", "tax_id"):
        if not gstins or not meta.has_field(field):
            continue
        for name, gstin in frappe.get_all(
            doctype,
            filters={field: ("in", sorted(gstins)), "disabled": 0},
            fields=["name", field],
            as_list=True,
        ):
            found.setdefault((gstin or "").upper(), name)
    return found


def letters(company_gstin: str, period: str, side: str) -> list[core.Letter]:
    _check_side(side)
    items = (
        customer_items(company_gstin, period)
        if side == core.CUSTOMERS
        else supplier_items(company_gstin, period)
    )
    known = _parties_by_gstin(side, {item.party_gstin for item in items if not item.party})
    items = [
        replace(item, party=known.get(item.party_gstin, "")) if not item.party else item for item in items
    ]
    result = core.letters(items, side)
    by_party = _emails(side, {letter.party for letter in result})
    for letter in result:
        letter.email = by_party.get(letter.party, "")
    return result


# ---------------------------------------------------------------- rendering and sending


def _company(company_gstin: str) -> str:
    return frappe.db.get_value(OUTWARD_SUPPLY, {"company_gstin": company_gstin}, "company") or ""


def _context(company_gstin: str, period: str, letter: core.Letter, company: str) -> dict:
    month = ReturnPeriod.parse(period)
    escaped = [{key: escape_html(str(value)) for key, value in line.items()} for line in letter.lines]
    return {
        "party": escape_html(letter.party or letter.party_gstin),
        "party_gstin": escape_html(letter.party_gstin),
        "company": escape_html(company),
        "company_gstin": escape_html(company_gstin),
        "period": period,
        "period_label": month.first_day.strftime("%B %Y"),
        "lines": escaped,
        "count": len(letter.lines),
    }


def _compiled(text: str | None):
    """``frappe.render_template(text, context)`` as a function of the context, the text compiled
    once: it compiles the text again on every call, two per letter, a third of the preview of a
    lakh's month (554 letters). A text it would not compile as it stands (empty, a path, refused as
    unsafe) or that fails is left to it, so it answers or refuses as it always did."""
    from frappe.utils.jinja import get_jenv, guess_is_path
    from jinja2 import TemplateError

    def by_frappe(context: dict) -> str:
        return frappe.render_template(text, context)

    if not text or guess_is_path(text) or ".__" in text:
        return by_frappe
    try:
        compiled = get_jenv().from_string(text)
    except TemplateError:
        return by_frappe

    def rendered(context: dict) -> str:
        try:
            return compiled.render(context)
        except TemplateError:
            return by_frappe(context)

    return rendered


def template_of(side: str):
    """The side's Email Template, read and compiled once for every letter a caller renders."""
    doc = frappe.get_doc("Email Template", TEMPLATES[side])
    return _compiled(doc.subject), _compiled(doc.response_html if doc.use_html else doc.response)


def render(
    company_gstin: str,
    period: str,
    side: str,
    letter: core.Letter,
    *,
    template=None,
    company: str | None = None,
) -> tuple[str, str]:
    """``template`` (``template_of``) and ``company``: read once by a caller rendering many letters
    (a preview of a lakh's month has hundreds: two reads each were most of its statements)."""
    subject, body = template or template_of(side)
    company = _company(company_gstin) if company is None else company
    context = _context(company_gstin, period, letter, company)
    return subject(context), body(context)


def sent_on(side: str, letters_: list[core.Letter]) -> dict:
    """Record -> when a follow-up letter of this side last listed it (its Communication's creation)."""
    records = sorted({record for letter in letters_ for record in letter.records})
    if not records:
        return {}
    return dict(
        frappe.db.sql(
            """select cl.link_name, max(c.creation) from `tabCommunication Link` cl
                join `tabCommunication` c on c.name = cl.parent and cl.parenttype = 'Communication'
                where cl.link_name in %(records)s and c.email_template = %(template)s
                  and c.sent_or_received = 'Sent'
                group by cl.link_name""",
            {"records": records, "template": TEMPLATES[side]},
        )
    )


def _when(moment) -> str:
    return moment.strftime("%d-%m-%Y %H:%M") if moment else ""


def repeats(company_gstin: str, period: str, side: str, parties: list[str]) -> list[str]:
    """The chosen parties a letter about the same documents went to less than N days ago, in words."""
    chosen = set(parties)
    todo = [letter for letter in letters(company_gstin, period, side) if letter.party_gstin in chosen]
    sent = sent_on(side, todo)
    today = clock.today()
    return [
        f"{letter.party or letter.party_gstin} ({_when(core.last_sent(letter, sent))})"
        for letter in todo
        if letter.email and core.is_repeat(letter, sent, today)
    ]


def outgoing_account() -> bool:
    from frappe.email.doctype.email_account.email_account import EmailAccount

    return bool(EmailAccount.find_outgoing())


def preview(company_gstin: str, period: str, side: str) -> dict:
    out = []
    all_letters = letters(company_gstin, period, side)
    sent = sent_on(side, all_letters)
    today = clock.today()
    template, company = template_of(side), _company(company_gstin)
    for letter in all_letters:
        subject, body = render(company_gstin, period, side, letter, template=template, company=company)
        out.append(
            {
                "party": letter.party,
                "party_gstin": letter.party_gstin,
                "email": letter.email,
                "documents": len(letter.lines),
                "subject": subject,
                "body": body,
                "lines": letter.lines,
                "last_sent": _when(core.last_sent(letter, sent)),
                "repeat": core.is_repeat(letter, sent, today),
            }
        )
    return {
        "letters": out,
        "outgoing_account": outgoing_account(),
        "resend_after_days": core.RESEND_AFTER_DAYS,
    }


def send(
    company_gstin: str,
    period: str,
    side: str,
    parties: list[str],
    progress=None,
    *,
    send_again: bool = False,
) -> synclog.Outcome:
    """One queued e-mail per chosen party (by GSTIN) that has an address; the rest are named.

    A party written to about the same documents less than ``RESEND_AFTER_DAYS`` ago is skipped and
    named unless ``send_again`` (the request was refused already; this covers two jobs racing)."""
    if not outgoing_account():
        frappe.throw("No outgoing Email Account: set one up (Email Account, Default Outgoing) and send again")
    chosen = set(parties)
    todo = [letter for letter in letters(company_gstin, period, side) if letter.party_gstin in chosen]
    previous = {} if send_again else sent_on(side, todo)
    today = clock.today()
    sent, without, repeated = 0, [], []
    template, company = template_of(side), _company(company_gstin)
    for position, letter in enumerate(todo, start=1):
        if not letter.email:
            without.append(letter.party or letter.party_gstin)
            continue
        if previous and core.is_repeat(letter, previous, today):
            repeated.append(letter.party or letter.party_gstin)
            continue
        subject, body = render(company_gstin, period, side, letter, template=template, company=company)
        _send_one(side, letter, subject, body)
        sent += 1
        if progress:
            progress(position, len(todo), "queueing e-mails")
    outcome = synclog.Outcome(counts={"records_processed": sent, "records_failed": len(without)})
    outcome.message = (
        f"{sent} e-mails queued"
        + (f"; no e-mail address for {len(without)}: {', '.join(sorted(without))}" if without else "")
        + (
            f"; not sent again within {core.RESEND_AFTER_DAYS} days: {', '.join(sorted(repeated))}"
            if repeated
            else ""
        )
    )
    return outcome


def _send_one(side: str, letter: core.Letter, subject: str, body: str) -> None:
    party_doctype = PARTY_DOCTYPE[side]
    has_party = bool(letter.party) and frappe.db.exists(party_doctype, letter.party)
    first = letter.lines[0]
    reference = (party_doctype, letter.party) if has_party else (first["record_doctype"], first["record"])
    comm = frappe.get_doc(
        {
            "doctype": "Communication",
            "communication_type": "Communication",
            "communication_medium": "Email",
            "sent_or_received": "Sent",
            "subject": subject,
            "content": body,
            "recipients": letter.email,
            "reference_doctype": reference[0],
            "reference_name": reference[1],
            "email_template": TEMPLATES[side],
        }
    )
    comm.insert(ignore_permissions=True)
    _link_records(comm, letter.lines)
    frappe.sendmail(
        recipients=[letter.email],
        subject=subject,
        message=body,
        reference_doctype=reference[0],
        reference_name=reference[1],
        communication=comm.name,
        delayed=True,
    )
    outward = [line["record"] for line in letter.lines if line["record_doctype"] == OUTWARD_SUPPLY]
    if outward:
        frappe.db.set_value(
            OUTWARD_SUPPLY, {"name": ("in", outward)}, "last_follow_up", now_datetime(), update_modified=False
        )


def _link_records(comm, lines: list[dict]) -> None:
    """Every record the letter lists on its Communication's timeline, in one statement. Appended to
    the document, each was a child row inserted on its own, and the document deduplicated and
    rebuilt them all in Python first: 4.1-4.3 s for 40 suppliers, some 90 s for a lakh's month.
    What Frappe linked itself while inserting (the recipient's contact) is kept and not repeated."""
    held = {(link.link_doctype, link.link_name) for link in comm.timeline_links}
    when, wanted = comm.communication_date, []
    for line in lines:
        key = (line["record_doctype"], line["record"])
        if key not in held:
            held.add(key)
            wanted.append({"link_doctype": key[0], "link_name": key[1], "communication_date": when})
    columns = ("link_doctype", "link_name", "communication_date")
    bulk.insert_children("Communication Link", "Communication", comm.name, "timeline_links", wanted, columns)
