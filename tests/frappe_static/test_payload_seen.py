"""A repeated download leaves unread only the sections that would write nothing (issue 16).

A download here is the job's own sequence run on a dictionary standing for the table: the answers,
the kept entries and the rows' states decide what is read (``payload_seen``), ``plan_download``
plans it, the plan is written into the dictionary and the entries are kept. Each scenario changes one
thing between two downloads and checks what was read, and that what was written is exactly what the
same download writes when it reads every section (no entries kept).
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.money import to_paise
from india_ims.gst_india.payload.ims import build_getinv
from india_ims.gst_india.payload.section_answer import SectionAnswer
from india_ims.ims import payload_seen
from india_ims.ims.merge import StoredRow, plan_download
from india_ims.synthetic import generate_month

COMPANY = "Wind Power LLC"
MONTH = generate_month(11, 400, "sample", period="102026")
GSTIN = MONTH.recipient_gstin


def _payloads(records) -> dict[Section, dict]:
    by_section: dict[Section, list] = {}
    for record in records:
        by_section.setdefault(record.section, []).append(record)
    return {section: build_getinv(found) for section, found in by_section.items()}


def _download(table: dict, payloads: dict, entries, company: str = COMPANY):
    """One download into ``table`` (name -> (StoredRow, section)); returns plan, reading, entries."""
    answers = {s: SectionAnswer.of_payload(p, [s], ValueError) for s, p in payloads.items()}
    reading = payload_seen.Reading(answers, entries)
    for section, answer in answers.items():
        if not reading.worth_holding(section, company):
            answer.records  # noqa: B018 - read at once, as the job does
    stored = {name: row for name, (row, _section) in table.items()}
    states = payload_seen.states_of((section, row.digest) for row, section in table.values())
    reading.judge(states, company)
    plan = plan_download(reading.records(), stored, company=company, company_gstin=GSTIN)
    for row in plan.inserts + plan.updates:
        old = stored.get(row["name"])
        written = StoredRow(row["name"], row["content_digest"], row["action"], row["gstn_action"])
        if old is not None:
            written = replace(old, digest=row["content_digest"])
        table[row["name"]] = (written, row["section"])
    written = [(row, None) for row in plan.inserts]
    written += [(row, stored[row["name"]].digest) for row in plan.updates]
    kept = payload_seen.entries_after(
        entries, answers, states, company=company, written=written, unchanged_in=plan.unchanged_in
    )
    return plan, reading, kept


def _writes(plan) -> list[tuple]:
    return sorted((row["name"], row["content_digest"]) for row in plan.inserts + plan.updates)


def _first_download():
    table: dict = {}
    payloads = _payloads(MONTH.ims_records)
    _plan, _reading, entries = _download(table, payloads, None)
    return table, payloads, entries


def _same_as_reading_everything(table, payloads, entries, company=COMPANY):
    """The download with the kept entries, and the same one reading every section, on copies."""
    plan, reading, kept = _download(copy.deepcopy(table), payloads, entries, company)
    full, _reading, _kept = _download(copy.deepcopy(table), payloads, None, company)
    assert _writes(plan) == _writes(full)
    assert plan.portal_changes == full.portal_changes
    assert plan.unchanged + reading.distinct == full.unchanged
    return plan, reading, kept


def _changed_record(section: Section):
    record = next(r for r in MONTH.ims_records if r.section is section)
    more = replace(record.amounts, taxable_value=record.amounts.taxable_value + to_paise("1"))
    return record, replace(record, amounts=more)


def test_a_repeated_download_with_nothing_changed_reads_no_section():
    table, payloads, entries = _first_download()
    plan, reading, _kept = _same_as_reading_everything(table, payloads, entries)
    assert set(reading.skipped) == set(payloads)
    assert not any(answer.is_read for answer in reading.answers.values())
    assert plan.writes == 0
    assert reading.received == len(MONTH.ims_records)
    assert "counted unchanged without being read again" in reading.words()


def test_a_section_the_supplier_changed_is_read_and_the_others_are_not():
    table, payloads, entries = _first_download()
    old, new = _changed_record(Section.B2B)
    edited = _payloads([new if r is old else r for r in MONTH.ims_records])
    payloads = {**payloads, Section.B2B: edited[Section.B2B]}
    plan, reading, kept = _same_as_reading_everything(table, payloads, entries)
    assert Section.B2B not in reading.skipped
    assert set(reading.skipped) == set(payloads) - {Section.B2B}
    assert len(plan.updates) == 1
    # the next download of the same answers reads nothing: the entry follows the write
    _plan, again, _ = _same_as_reading_everything(_table_after(table, payloads, entries), payloads, kept)
    assert set(again.skipped) == set(payloads)


def _table_after(table, payloads, entries):
    table = copy.deepcopy(table)
    _download(table, payloads, entries)
    return table


def test_a_row_deleted_since_makes_its_section_read_and_written_again():
    table, payloads, entries = _first_download()
    name = next(name for name, (_row, section) in table.items() if section == Section.B2BCN.value)
    del table[name]
    plan, reading, _kept = _same_as_reading_everything(table, payloads, entries)
    assert Section.B2BCN not in reading.skipped
    assert [row["name"] for row in plan.inserts] == [name]


def test_a_row_whose_digest_an_upload_rewrote_makes_its_section_read():
    table, payloads, entries = _first_download()
    name, (row, section) = next(item for item in table.items() if item[1][1] == Section.B2B.value)
    table[name] = (replace(row, digest="0" * 40), section)
    plan, reading, _kept = _same_as_reading_everything(table, payloads, entries)
    assert Section.B2B not in reading.skipped
    assert [r["name"] for r in plan.updates] == [name]


def test_writes_taken_back_leave_the_section_to_be_read():
    table: dict = {}
    payloads = _payloads(MONTH.ims_records)
    _plan, _reading, entries = _download(copy.deepcopy(table), payloads, None)  # written, then rolled back
    plan, reading, _kept = _same_as_reading_everything(table, payloads, entries)
    assert not reading.skipped
    assert len(plan.inserts) == len({r.key for r in MONTH.ims_records})


def test_a_record_gone_from_ims_is_read_and_writes_nothing():
    table, payloads, entries = _first_download()
    gone = next(r for r in MONTH.ims_records if r.section is Section.B2BDN)
    left = _payloads([r for r in MONTH.ims_records if r is not gone])
    payloads = {**payloads, Section.B2BDN: left[Section.B2BDN]}
    plan, reading, _kept = _same_as_reading_everything(table, payloads, entries)
    assert Section.B2BDN not in reading.skipped
    assert plan.writes == 0


def test_another_company_on_the_gstin_reads_every_section():
    table, payloads, entries = _first_download()
    plan, reading, _kept = _same_as_reading_everything(table, payloads, entries, company="Another Company")
    assert not reading.skipped
    assert plan.writes == len(table)


def test_entries_lost_from_the_cache_read_every_section():
    table, payloads, _entries = _first_download()
    _plan, reading, kept = _same_as_reading_everything(table, payloads, None)
    assert not reading.skipped
    assert set(kept) == {section.value for section in payloads}


def test_code_that_reads_answers_differently_reads_every_section(monkeypatch):
    table, payloads, entries = _first_download()
    monkeypatch.setattr(payload_seen, "code_identity", lambda: "an upgrade")
    _plan, reading, _kept = _same_as_reading_everything(table, payloads, entries)
    assert not reading.skipped


def test_an_answer_without_a_fingerprint_is_read_and_forgets_its_entry():
    table, payloads, entries = _first_download()
    answers = {s: SectionAnswer.of_payload(p, [s], ValueError) for s, p in payloads.items()}
    answers[Section.B2B] = SectionAnswer.read_already(list(answers[Section.B2B]))
    reading = payload_seen.Reading(answers, entries)
    states = payload_seen.states_of((section, row.digest) for row, section in table.values())
    reading.judge(states, COMPANY)
    assert Section.B2B not in reading.skipped
    kept = payload_seen.entries_after(entries, answers, states, company=COMPANY, written=[], unchanged_in={})
    assert Section.B2B.value not in kept


@pytest.mark.parametrize("moved", [0, 1, 2**63, 2**64 - 1])
def test_the_state_kept_after_the_writes_is_the_state_read_from_the_rows_they_leave(moved):
    old = f"{moved:016x}" + "0" * 24
    before = payload_seen.states_of([("b2b", old), ("b2b", "f" * 40)])
    answer = SectionAnswer.of_payload({"b2b": []}, [Section.B2B], ValueError)
    answer.records  # noqa: B018 - read, so its entry is renewed
    written = [
        ({"section": "b2b", "content_digest": "1" * 40}, old),
        ({"section": "b2b", "content_digest": "2" * 40}, None),
    ]
    kept = payload_seen.entries_after(
        None, {Section.B2B: answer}, before, company=COMPANY, written=written, unchanged_in={}
    )
    rows_left = [("b2b", "1" * 40), ("b2b", "f" * 40), ("b2b", "2" * 40)]
    assert kept["b2b"]["state"] == payload_seen.states_of(rows_left)["b2b"].as_list()
    assert kept["b2b"]["distinct"] == 2


def test_the_code_identity_changes_with_the_source_that_reads_answers(tmp_path, monkeypatch):
    import shutil

    for part in ("gst_india", "ims/rows.py", "ims/merge.py", "ims/payload_seen.py"):
        source = payload_seen._PACKAGE / part
        target = tmp_path / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    monkeypatch.setattr(payload_seen, "_PACKAGE", tmp_path)
    payload_seen.code_identity.cache_clear()
    try:
        before = payload_seen.code_identity()
        parser = tmp_path / "gst_india" / "payload" / "getinv.py"
        parser.write_text(parser.read_text() + "\n# a reading changed\n")
        payload_seen.code_identity.cache_clear()
        assert payload_seen.code_identity() != before
    finally:
        payload_seen.code_identity.cache_clear()
