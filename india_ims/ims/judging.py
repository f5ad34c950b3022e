"""A bulk action judged once per kind of record, not once per record (no frappe import: tested in CI).

Most of the ten thousand records a filter selects share everything the rules read: the section, the
dates, the periods, the actions, the match status, GSTN's flags. What tells them apart (the number,
the supplier, the values) the rules read only for an amendment (against its original) and for a
declared ITC reduction; otherwise it appears in the decision's messages as the record's label alone.
So an original document is judged once per distinct combination of its other columns, and each record
of that kind gets the same decision with its own label in the messages. Building the state and running
every rule per record took 0.5 s of a 10,000-record bulk action. Amendments, a declaration defaulted
from the settings (its amounts are the record's) and any decision whose messages do not start with
the label are judged per record, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from operator import itemgetter
from typing import Any

from india_ims.gst_india.documents import Section
from india_ims.gst_india.rules import Decision, RecordState
from india_ims.gst_india.rules.model import period_label, record_label

# Columns that name a record or carry its values, read by no rule for an original document judged
# without a declared reduction (``tests/frappe_static/test_judging.py`` checks the decisions are
# the same, record by record, as judging each one).
NOT_JUDGED = frozenset(
    {
        "name",
        "supplier_gstin",
        "document_number",
        "document_value",
        "taxable_value",
        "igst",
        "cgst",
        "sgst",
        "cess",
        "place_of_supply",
        "gstn_checksum",
        "purchase_invoice",
        # An original's date reaches the rules only as its Section 16(4) deadline, which is its
        # financial year's (``classify.itc_deadline``): ``financial_year``, stored from the date, is
        # judged. Judged by the day, a month's 10,000 records were 852 kinds; by the year, 36.
        "document_date",
    }
)

# What ``judge`` returns: the decision and, when it used a declaration of its own (the settings'
# default for a credit note), that declaration; such a result is never shared.
Judged = tuple[Decision, Any]


_period = lru_cache(maxsize=1024)(period_label)  # a month's records name a handful of periods


def label_of(row: Mapping) -> str:
    """``RecordState.label`` of the state ``context.record_state`` builds from ``row``."""
    period = _period(row["supplier_return_period"])
    return record_label(Section(row["section"]).label, row["document_number"], row["supplier_gstin"], period)


def relabeled(decision: Decision, old: str, new: str) -> Decision:
    """``decision`` with its messages naming ``new`` where they named ``old`` (their first words)."""
    if old == new:
        return decision
    cut = len(old)
    return Decision(
        decision.allowed,
        decision.code,
        new + decision.message[cut:],
        decision.source,
        tuple(replace(v, message=new + v.message[cut:]) for v in decision.violations),
        tuple(new + warning[cut:] for warning in decision.warnings),
    )


def _shareable(result: Judged, label: str) -> bool:
    decision, own = result
    if own is not None:
        return False
    head = label + ": "
    texts = (decision.message, *(v.message for v in decision.violations), *decision.warnings)
    # the label once, at the start of each message: anything else names the record some other way
    return all(text.startswith(head) and label not in text[len(head):] for text in texts)


_NEW = object()
# the amendments' section values: a set lookup a row, not an enum lookup (ten thousand rows a bulk action)
AMENDMENT_VALUES = frozenset(section.value for section in Section if section.is_amendment)


def judge_rows(
    rows: Sequence[Mapping],
    judge: Callable[[RecordState], Judged],
    state_of: Callable[[Mapping], RecordState],
    *,
    name_allowed: bool = True,
) -> list[Judged]:
    """``[judge(state_of(row)) for row in rows]``, with ``judge`` asked once per kind of original
    document (every column but ``NOT_JUDGED`` alike). ``name_allowed=False``: a decision that allows
    the action keeps the words of the first record of its kind (a caller that shows only refusals
    skips renaming the thousands it allows); a refusal always names its own record."""
    if not rows:
        return []
    # every row has the same columns (one query's): the key is those that are judged, in one call
    key_of = itemgetter(*(column for column in rows[0] if column not in NOT_JUDGED))
    kinds: dict[tuple, tuple[str, Judged] | None] = {}
    out: list[Judged] = []
    for row in rows:
        if row["section"] in AMENDMENT_VALUES:
            out.append(judge(state_of(row)))
            continue
        key = key_of(row)
        kind = kinds.get(key, _NEW)
        if kind is _NEW:
            state = state_of(row)
            result = judge(state)
            kinds[key] = (state.label, result) if _shareable(result, state.label) else None
            out.append(result)
        elif kind is None:
            out.append(judge(state_of(row)))
        else:
            label, (decision, _own) = kind
            if decision.allowed and not name_allowed:
                out.append((decision, None))
            else:
                out.append((relabeled(decision, label, label_of(row)), None))
    return out
