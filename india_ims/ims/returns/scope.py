"""Which IMS records count in a period's local GSTR-2B preview, and where, as SQL.

Each record keeps its contribution as the core computed it (``figures_store``: the period it counts
in, its block, part and section, what it adds there, its Section 16(4) deadline), so the preview is a
grouped sum over the (company GSTIN, counted period) index. Two things are decided here, when asked:
Section 16(4) against today, and an original replaced by its amendment in the same period (FAQ 13).
The bench tests hold these figures equal to ``compute_gstr2b`` over the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import frappe

from india_ims.gst_india.periods import ReturnPeriod, section_16_4_deadline
from india_ims.gst_india.rules import RuleContext
from india_ims.gst_india.rules.classify import first_open_period

from .. import clock, figures_store
from ..constants import INWARD_SUPPLY
from ..context import rule_context

HEADS = ("igst", "cgst", "sgst", "cess")
AMENDMENT_SECTIONS = ("b2ba", "b2bdna", "b2bcna", "ecoma")


def today_date() -> date:
    """India's today, from the layer's one clock (tests pin it there)."""
    return clock.today()


def section_16_4_cutoff(on: date) -> date:
    """Documents dated before this day are past Section 16(4) on ``on``: the start of the first
    financial year whose deadline has not passed."""
    year = 2017
    while section_16_4_deadline(date(year, 4, 1)) < on:
        year += 1
    return date(year, 4, 1)


@dataclass(frozen=True)
class Scope:
    company_gstin: str
    period: str
    context: RuleContext
    rolled: tuple[str, ...]  # filed periods whose pending records now count here
    cutoff: date
    # (records, changed at): stale records the background refresh is still adding; the figures
    # are as of the last refresh and say so (``figures_store.behind``). None: up to date.
    behind: tuple | None = None

    @cached_property
    def replaced(self) -> tuple[str, ...]:
        """Originals an amendment of the same period replaces (looked up only when summing)."""
        return _replaced(self)

    @property
    def filed(self) -> bool:
        return self.context.is_3b_filed(self.period)

    @property
    def quarterly(self) -> bool:
        return self.context.quarterly

    def values(self) -> dict:
        return {
            "gstin": self.company_gstin,
            "period": self.period,
            "periods": [self.period, *self.rolled],
            "cutoff": self.cutoff,
            "on": self.context.today,
        }

    def block_values(self) -> dict:
        """``values`` for a query that uses ``block`` (which needs the replaced originals)."""
        return {**self.values(), "replaced": list(self.replaced) or [""]}

    def where(self, alias: str = "t") -> str:
        """Records whose action counts in the period now: the core's ``target_period``, stored on each
        record (``figures_store``); pending records of a filed period count in the next open one."""
        return f"{alias}.company_gstin = %(gstin)s and {alias}.fig_period = %(period)s"

    def block(self, alias: str = "t") -> str:
        """The block the preview puts a record in; NULL when it is left out. The stored block is the
        core's before Section 16(4), which is applied here against today (``Contribution.placement_on``)."""
        return (
            f"case when {alias}.name in %(replaced)s then null "
            f"when {alias}.fig_block = 'ITC Available' and {alias}.fig_deadline < %(on)s "
            f"then 'ITC Not Available' else nullif({alias}.fig_block, '') end"
        )


def build(
    company_gstin: str,
    period: str,
    context: RuleContext | None = None,
    *,
    fresh: bool = True,
    may_lag: bool = False,
) -> Scope:
    """The scope every view of a period starts from; the GSTIN's stale stored parts are refreshed
    first (usually none: the background refresh ran), so nothing is summed from a stale one.
    ``fresh=False`` for callers that sum no stored part (the IMS Tool's summaries key their cache
    on the scope only): they must not wait for a refresh they do not read. ``may_lag`` for a view
    that shows ``Scope.behind`` in words: see ``figures_store.ensure_fresh``."""
    lag = None
    if fresh:
        lag = figures_store.ensure_fresh(company_gstin, may_lag=may_lag).get("behind")
    context = context or rule_context(company_gstin)
    context = RuleContext(
        today=today_date(),
        filed_3b_periods=context.filed_3b_periods,
        quarterly=context.quarterly,
        annual_returns_filed=context.annual_returns_filed,
        first_return_period=context.first_return_period,
    )
    target = ReturnPeriod.parse(context.return_period(period))
    rolled = tuple(
        sorted(
            filed
            for filed in context.filed_3b_periods
            if ReturnPeriod.parse(filed) < target
            and first_open_period(ReturnPeriod.parse(filed).add(context.step()), context) == target
        )
    )
    return Scope(
        company_gstin=company_gstin,
        period=str(target),
        context=context,
        rolled=rolled,
        cutoff=section_16_4_cutoff(context.today),
        behind=(lag["records"], lag["changed_at"]) if lag else None,
    )


def _replaced(scope: Scope) -> tuple[str, ...]:
    """Originals whose filed amendment counts in the same period: the amendment prevails (FAQ 13).

    One join: the period's amendments (few, from the unique key's leading columns), each looking up
    its original by the whole unique key (company GSTIN, section, supplier, number; the collation
    compares numbers without regard to case or trailing spaces). A list of OR'ed keys instead took
    the optimizer 165 ms for 431 amendments at 25,000 records. The original's index is forced too:
    left to itself MariaDB looked originals up on (company GSTIN, supplier), reading every record of
    the supplier for each amendment: 25 s for a lakh with a few large suppliers, 25 ms forced.
    """
    return replaced_where(scope.where("a"), scope.where("o"), scope.values())


def replaced_where(amendments: str, originals: str, values: dict) -> tuple[str, ...]:
    """The names of the originals (alias ``o``, meeting ``originals``) that a filed amendment (alias
    ``a``, meeting ``amendments``) replaces: ``_replaced``'s join for any pair of conditions."""
    return tuple(
        sorted(
            set(
                frappe.db.sql_list(
                    f"select o.name from `tab{INWARD_SUPPLY}` a force index (unique_ims_document) "
                    f"straight_join `tab{INWARD_SUPPLY}` o force index (unique_ims_document) "
                    "on o.company_gstin = a.company_gstin "
                    "and o.section = left(a.section, char_length(a.section) - 1) "
                    "and o.supplier_gstin = a.supplier_gstin "
                    "and o.document_number = trim(a.original_document_number) "
                    f"where {amendments} and a.section in %(amendments)s "
                    "and a.supplier_filing_status = 'Filed' and ifnull(a.original_document_number, '') != '' "
                    f"and {originals} and not o.is_reverse_charge",
                    {**values, "amendments": list(AMENDMENT_SECTIONS)},
                )
            )
        )
    )
