"""Figures for the supplier side's pure core: sales-side pairing through the matching engine (and what
the thin mapping costs over calling the engine directly), and the FAQ 34 added-back summary.

    python benchmarks/bench_outward.py --records 100000

A generated month stands in for our sales: each IMS record is a sale to its counterparty, each
purchase document a Sales Invoice to the same GSTIN. Prints records, seconds and pairs; asserts nothing.
"""

import argparse
import time

from india_ims.gst_india.documents import Action
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.outward import liability
from india_ims.gst_india.outward.model import OutwardRecord, SalesDocument
from india_ims.gst_india.outward.pairing import pair_sales
from india_ims.synthetic import generate_month

ACTIONS = (Action.ACCEPT, Action.REJECT, Action.PENDING, Action.NO_ACTION)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--profile", default="enterprise")
    parser.add_argument("--seed", type=int, default=7)
    args, _ = parser.parse_known_args(argv)
    month = generate_month(args.seed, args.records, args.profile)
    sales = [
        OutwardRecord(
            r.section,
            r.supplier_gstin,
            r.document_number,
            r.document_date,
            r.document_value,
            r.amounts,
            ACTIONS[i % 4],
            "GSTR1",
            r.supplier_return_period,
        )
        for i, r in enumerate(month.ims_records)
    ]
    books = [
        SalesDocument(
            d.name,
            d.supplier_gstin,
            d.document_type,
            d.bill_no,
            d.bill_date or d.posting_date,
            d.amounts,
            d.supplier_name,
        )
        for d in month.purchases
    ]
    start = time.perf_counter()
    engine = reconcile(month.ims_records, month.purchases)
    engine_seconds = time.perf_counter() - start
    start = time.perf_counter()
    results = pair_sales(sales, books)
    sales_seconds = time.perf_counter() - start
    paired = sum(1 for r in results if r.sale_index is not None and r.book_index is not None)
    start = time.perf_counter()
    periods = liability.summarise(liability.expected_added_back(sales))
    liability_seconds = time.perf_counter() - start
    print(f"outward: {len(sales)} sales x {len(books)} Sales Invoices, profile {args.profile}")
    print(f"  engine on the purchase side   {engine_seconds:8.2f} s  ({len(engine)} results)")
    print(
        f"  sales-side pairing            {sales_seconds:8.2f} s  ({paired} pairs, "
        f"{len(sales) / sales_seconds:,.0f} sales/s)"
    )
    print(
        f"  added-back summary            {liability_seconds:8.3f} s  "
        f"({sum(p.documents for p in periods)} documents in {len(periods)} periods)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
