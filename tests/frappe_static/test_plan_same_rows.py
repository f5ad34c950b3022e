"""The download plan's rows are exactly those of the path before it was made cheaper (issue 16).

``_old_*`` are verbatim copies of ``rows.record_to_row``, ``rows.name_and_digest``,
``merge.plan_download`` and ``context.derived_columns`` as they were before the speed-up (the
rules themselves are called live on both paths): every written value, every count, every portal
change must stay equal on generated months of every profile, first and repeated downloads alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from india_ims.gst_india.documents import Action, ImsRecord
from india_ims.gst_india.money import to_rupees
from india_ims.gst_india.periods import financial_year_of
from india_ims.gst_india.rules import RecordState, RuleContext, pending_allowed
from india_ims.ims.merge import (
    DownloadPlan,
    PortalChange,
    StoredRow,
    derive_columns,
    gstr2b_columns,
    plan_download,
)
from india_ims.ims.rows import _canonical, _yes_no, row_name
from india_ims.synthetic import generate_month

TODAY = date(2026, 11, 30)


def _old_record_to_row(record: ImsRecord, *, company: str, company_gstin: str) -> dict:
    reduction = record.itc_reduction
    return {
        "company": company,
        "company_gstin": company_gstin.strip().upper(),
        "section": record.section.value,
        "document_type": record.document_type.value,
        "invoice_type": record.invoice_type or "",
        "supplier_gstin": record.supplier_gstin,
        "document_number": record.document_number,
        "document_date": record.document_date,
        "financial_year": financial_year_of(record.document_date),
        "original_document_number": record.original_number or "",
        "original_document_date": record.original_date,
        "place_of_supply": record.place_of_supply,
        "is_reverse_charge": int(record.reverse_charge),
        "document_value": to_rupees(record.document_value),
        "taxable_value": to_rupees(record.amounts.taxable_value),
        "igst": to_rupees(record.amounts.igst),
        "cgst": to_rupees(record.amounts.cgst),
        "sgst": to_rupees(record.amounts.sgst),
        "cess": to_rupees(record.amounts.cess),
        "supplier_return_period": record.supplier_return_period,
        "source_form": record.source_form,
        "supplier_filing_status": "Filed" if record.supplier_filed else "Not Filed",
        "gstn_checksum": record.checksum or "",
        "gstn_action": record.action.label,
        "pending_action_blocked": _yes_no(record.pending_blocked),
        "remarks": record.remarks or "",
        "remarks_blocked": int(bool(record.remarks_blocked)),
        "itc_reduction_required": _yes_no(reduction.required if reduction else None),
        "itc_reduction_blocked": int(bool(record.itc_reduction_blocked)),
        "itc_reduction_igst": to_rupees(reduction.igst if reduction else 0),
        "itc_reduction_cgst": to_rupees(reduction.cgst if reduction else 0),
        "itc_reduction_sgst": to_rupees(reduction.sgst if reduction else 0),
        "itc_reduction_cess": to_rupees(reduction.cess if reduction else 0),
    }


def _old_rupee_text(paise: int) -> str:
    return str(to_rupees(paise).normalize()) if paise else "0"


def _old_name_and_digest(record: ImsRecord, *, company: str, company_gstin: str) -> tuple[str, str]:
    gstin = company_gstin.strip().upper()
    section = record.section.value
    supplier = record.supplier_gstin
    number = record.document_number
    year = financial_year_of(record.document_date)
    name = row_name((gstin, section, supplier.strip().upper(), number.strip().upper(), year))
    amounts = record.amounts
    reduction = record.itc_reduction
    text = "\x1f".join(
        (
            company,
            gstin,
            section,
            record.section.document_type.value,
            record.invoice_type or "",
            _canonical(supplier),
            _canonical(number),
            _canonical(record.document_date),
            year,
            record.original_number or "",
            _canonical(record.original_date),
            _canonical(record.place_of_supply),
            "1" if record.reverse_charge else "0",
            _old_rupee_text(record.document_value),
            _old_rupee_text(amounts.taxable_value),
            _old_rupee_text(amounts.igst),
            _old_rupee_text(amounts.cgst),
            _old_rupee_text(amounts.sgst),
            _old_rupee_text(amounts.cess),
            _canonical(record.supplier_return_period),
            _canonical(record.source_form),
            "Filed" if record.supplier_filed else "Not Filed",
            record.checksum or "",
            record.action.label,
            _yes_no(record.pending_blocked),
            record.remarks or "",
            "1" if record.remarks_blocked else "0",
            _yes_no(reduction.required if reduction else None),
            "1" if record.itc_reduction_blocked else "0",
            _old_rupee_text(reduction.igst) if reduction else "0",
            _old_rupee_text(reduction.cgst) if reduction else "0",
            _old_rupee_text(reduction.sgst) if reduction else "0",
            _old_rupee_text(reduction.cess) if reduction else "0",
        )
    )
    return name, hashlib.sha1(text.encode()).hexdigest()


def _old_derived_columns(context: RuleContext, stored=None, today=None):
    stored = stored or {}

    def derive(record, name=None) -> dict:
        old = stored.get(name) if name else None
        verdict = pending_allowed(RecordState(record=record), context)
        return {
            "pending_allowed": int(verdict.allowed),
            **gstr2b_columns(record, old, quarterly=context.quarterly, today=today),
        }

    return derive


def _old_plan_download(records, stored, *, company, company_gstin, derived=None) -> DownloadPlan:
    plan = DownloadPlan()
    latest: dict[str, tuple[ImsRecord, str]] = {}
    for record in records:
        name, digest = _old_name_and_digest(record, company=company, company_gstin=company_gstin)
        if name in latest:
            plan.repeated += 1
        latest[name] = (record, digest)
    for name, (record, digest) in latest.items():
        old = stored.get(name)
        if old is not None and old.digest == digest:
            plan.unchanged += 1
            continue
        row = _old_record_to_row(record, company=company, company_gstin=company_gstin)
        row["name"] = name
        row["content_digest"] = digest
        if derived is not None:
            row.update(derived(record, name))
        plan.records[name] = record
        if old is None:
            row["action"] = row["gstn_action"]
            row["upload_pending"] = 0
            plan.inserts.append(row)
            continue
        new_gstn = row["gstn_action"]
        if old.action == old.gstn_action:
            row["action"] = new_gstn
            if new_gstn != old.action:
                plan.portal_changes.append(PortalChange(name, old.action, new_gstn))
        else:
            row["action"] = old.action
        row["upload_pending"] = int(row["action"] != new_gstn)
        plan.updates.append(row)
    return plan


def _same(new: DownloadPlan, old: DownloadPlan) -> None:
    assert (new.unchanged, new.repeated, new.portal_changes) == (
        old.unchanged,
        old.repeated,
        old.portal_changes,
    )
    assert new.records == old.records
    for mine, theirs in ((new.inserts, old.inserts), (new.updates, old.updates)):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):
            # equal values of the same types (Decimal('0.00') is not 0, a date is not its text)
            assert a == b
            assert {k: (type(v), str(v)) for k, v in a.items()} == {
                k: (type(v), str(v)) for k, v in b.items()
            }


def _records() -> list[ImsRecord]:
    records = []
    for seed, profile, period in (
        (3, "enterprise", "102026"),
        (4, "messy", "082025"),
        (5, "sample", "112026"),
    ):
        records += generate_month(seed, 1_500, profile, period=period).ims_records
    # amounts whose rupee text normalises to an exponent (1E+3), negative and tiny ones
    for i, paise in enumerate((100_000, 1_000, 10, 1, -5, -120_000, 12_345_600, 0, 99_990, 7_000_050)):
        base = records[i * 37]
        records.append(
            replace(
                base,
                document_number=f"EDGE/{i}",
                document_value=paise,
                amounts=replace(base.amounts, igst=paise, cess=-paise),
            )
        )
    # a document twice in one download: the last one wins
    records.append(replace(records[10], document_value=records[10].document_value + 1))
    return records


def _stored_from(plan: DownloadPlan, records: list[ImsRecord]) -> dict[str, StoredRow]:
    """What a first download stored, varied: local decisions, supplier saved then filed, settled periods."""
    stored = {}
    for i, row in enumerate(plan.inserts):
        kind = i % 6
        digest = row["content_digest"] if kind == 0 else "older"
        action = "Rejected" if kind == 1 else row["action"]
        gstn = row["gstn_action"] if kind != 2 else "Pending"
        basis = "the supplier filed on 12-11-2026; ..." if kind == 3 else row["gstr2b_period_basis"]
        stored[row["name"]] = StoredRow(
            row["name"],
            digest,
            action if kind != 2 else "Pending",
            gstn,
            filed=False if kind == 4 else row["supplier_filing_status"] == "Filed",
            gstr2b_period=row["gstr2b_period"] or ("092026" if kind == 3 else ""),
            basis=basis,
        )
    return stored


def test_the_plan_writes_the_same_rows_as_before_it_was_made_cheaper():
    records = _records()
    gstin = "27AAAPA1234A1Z5"
    contexts = (
        RuleContext(today=TODAY),
        RuleContext(today=TODAY, filed_3b_periods=frozenset({"092026", "102026", "072025"}), quarterly=True),
    )
    for context in contexts:
        args = {"company": "Acme", "company_gstin": gstin}
        first_old = _old_plan_download(records, {}, **args, derived=_old_derived_columns(context, {}, TODAY))
        first_new = plan_download(records, {}, **args, derived=derive_columns(context, {}, TODAY))
        _same(first_new, first_old)
        assert first_new.repeated == 1 and len(first_new.inserts) > 4_000
        stored = _stored_from(first_old, records)
        again = [replace(r, action=Action.ACCEPT) if i % 5 == 0 else r for i, r in enumerate(records)]
        again_old = _old_plan_download(
            again, stored, **args, derived=_old_derived_columns(context, stored, TODAY)
        )
        again_new = plan_download(again, stored, **args, derived=derive_columns(context, stored, TODAY))
        _same(again_new, again_old)
        assert again_new.unchanged and again_new.updates and again_new.portal_changes
        # without derived columns too (callers that plan only)
        _same(plan_download(again, stored, **args), _old_plan_download(again, stored, **args))


def test_new_rows_made_as_they_are_written_are_the_rows_made_at_once():
    records = _records()
    args = {"company": "Acme", "company_gstin": " 27aaapa1234a1z5 "}
    context = RuleContext(today=TODAY)
    at_once = plan_download(records, {}, **args, derived=derive_columns(context, {}, TODAY))
    deferred = plan_download(records, {}, **args, derived=derive_columns(context, {}, TODAY), defer_new=True)
    # before they are written: the name and the supplier period, which matching and the walk read
    keys = [set(row) for row in deferred.inserts]
    assert keys == [{"name", "supplier_return_period"}] * len(at_once.inserts)
    assert [(r["name"], r["supplier_return_period"]) for r in deferred.inserts] == [
        (r["name"], r["supplier_return_period"]) for r in at_once.inserts
    ]
    # what the download sets on a row before writing it is kept
    for row in deferred.inserts[:50]:
        row["match_status"] = "Exact Match"
    written = [deferred.complete(row) for row in deferred.inserts]
    assert not deferred.deferred
    assert written[0]["match_status"] == "Exact Match"
    for row in deferred.inserts[:50]:
        del row["match_status"]
    _same(deferred, at_once)
    # taken again (a retried write), a row is not made twice
    assert [deferred.complete(dict(row)) for row in deferred.inserts] == deferred.inserts
