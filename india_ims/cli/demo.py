"""``india-ims demo``: the whole IMS cycle against a local GSTN sandbox, in one command.

Starts the sandbox seeded with a generated month, logs in with the test OTP, downloads every IMS
section over HTTP, reconciles it with the generated purchase register, applies the default actions
through the rules engine (exact matches accepted, documents not in the books kept pending,
mismatches left for review, never a rejection), uploads them, recomputes GSTR-2B, prints a summary
and writes the Excel report.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..gst_india.documents import Action, ImsRecord, MatchStatus, PurchaseDocument
from ..gst_india.matching import MatchResult, MatchSettings, reconcile
from ..gst_india.money import format_inr
from ..gst_india.payload.gstr2b_api import Gstr2bDownload
from ..gst_india.periods import current_return_period, india_today
from ..gst_india.returns.layout import Block
from ..gst_india.rules import RecordState, RuleContext, check_action
from ..gst_india.rules.declaration import default_declaration, needs_declaration
from ..gstn.adapter import make_client
from ..gstn.ledger import Ledger
from ..gstn.sandbox import TEST_OTP, SandboxServer, make_portal
from ..gstn.sandbox import seed as seeds
from ..gstn.sandbox.dialects import DIALECTS, REST_DIALECTS
from ..gstn.upload import Uploader, UploadItem, UploadReport
from .calendar_options import add_calendar_options, resolve_calendar

# The safe defaults (issue 5): the books agree -> accept; not in the books -> keep pending while the
# accountant finds out; anything that differs -> a person decides. Nothing is rejected automatically.
DEFAULT_ACTIONS = {
    MatchStatus.EXACT: Action.ACCEPT,
    MatchStatus.MISSING_IN_PI: Action.PENDING,
}


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="run the whole IMS cycle against a local GSTN sandbox")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated month")
    parser.add_argument("--records", type=int, default=2000, help="IMS records in the month")
    parser.add_argument(
        "--profile", default="sample", help="generator profile: sample, messy, enterprise, returns"
    )
    parser.add_argument("--xlsx", type=Path, default=Path("ims-demo.xlsx"), help="Excel report to write")
    parser.add_argument("--port", type=int, default=0, help="sandbox port on 127.0.0.1 (0: any free port)")
    parser.add_argument(
        "--plain", action="store_true", help="no GSTN payload encryption (a GSP that encrypts)"
    )
    parser.add_argument(
        "--dialect",
        choices=DIALECTS,
        default="gstn",
        help="the provider the client and the sandbox speak (sandbox-api and vayana-eas are always plain: "
        "the provider encrypts)",
    )
    add_calendar_options(parser)
    parser.set_defaults(handler=run)


@dataclass
class DemoResult:
    gstin: str
    period: str
    records: list[ImsRecord]
    purchases: list[PurchaseDocument]
    results: list[MatchResult]
    planned: list[UploadItem]
    refused: Counter
    upload: UploadReport
    ledger: Ledger
    gstr2b: Gstr2bDownload
    state_matches: bool
    timings: dict[str, float] = field(default_factory=dict)
    source: str = ""
    today: date | None = None

    @property
    def pending_tax(self) -> int:
        """Tax of the records GSTN holds as Pending: ITC deferred, not in this GSTR-2B."""
        by_key = {record.key: record for record in self.records}
        return sum(
            by_key[key].amounts.total_tax
            for key, action in self.ledger.held.items()
            if action is Action.PENDING and key in by_key
        )


def default_actions(
    records: list[ImsRecord],
    results: list[MatchResult],
    context: RuleContext,
    *,
    declaration: str | None = "Y",
) -> tuple[list[UploadItem], Counter]:
    """Default action per match status, each judged by the rules engine; refusals are counted, not sent.

    An Accept of a credit note carries the default declaration (``declaration``: Y full reversal, N
    not availed), as bulk Accept does in the app with the default from IMS Settings.
    """
    items: list[UploadItem] = []
    refused: Counter = Counter()
    for result in results:
        if result.ims_index is None:
            continue
        record = records[result.ims_index]
        action = DEFAULT_ACTIONS.get(result.status)
        if action is None or action is record.action:
            continue
        state = RecordState(record, match_status=result.status)
        reduction, remarks = None, None
        if action is Action.ACCEPT and needs_declaration(state, context):
            reduction, remarks = default_declaration(record, declaration, None) or (None, None)
        decision = check_action(state, action, context, remarks=remarks, itc_reduction=reduction)
        if decision.allowed:
            items.append(UploadItem(record, action, remarks, reduction))
        else:
            refused[decision.code] += 1
    return items, refused


def run_demo(
    *,
    seed: int = 7,
    records: int = 2000,
    profile: str = "sample",
    port: int = 0,
    encrypt: bool = True,
    dialect: str = "gstn",
    period: str | None = None,
    today: date | None = None,
    log=print,
) -> DemoResult:
    """The cycle for ``period`` on ``today`` (defaults: India's today and its current return period)."""
    if today is None:
        today = india_today()
    period = period or str(current_return_period(today))
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[name] = now - started
        started = now

    month = seeds.generated(seed, records, profile, period=period)
    step("generate month")
    encrypt = encrypt and dialect not in REST_DIALECTS
    portal = make_portal(
        month.records, gstin=month.gstin, period=month.period, encrypt=encrypt, today=today,
        history=month.history,
    )
    with SandboxServer(portal, port=port, dialect=dialect) as server:
        log(
            f"GSTN sandbox on {server.base_url} ({month.source}, dialect {dialect}, "
            f"encryption {'on' if encrypt else 'off'})"
        )
        # Accepting a credit note needs a declaration (IMSSAV0054): the demo's default is a full reversal.
        client = make_client(server.client_settings(default_itc_declaration="Y"))
        client.request_otp()
        client.login(TEST_OTP)
        step("start sandbox and log in")

        ledger = Ledger(month.gstin)
        uploader = Uploader(client, ledger)
        downloaded = uploader.download()
        step("download IMS")

        results = reconcile(downloaded, month.purchases, MatchSettings())
        step("reconcile")

        context = portal.context()  # the sandbox's day and the GSTR-3Bs it holds as filed
        planned, refused = default_actions(downloaded, results, context)
        upload = uploader.run(planned)
        step("upload actions")

        client.regenerate_2b(month.period)
        gstr2b = client.get_2b(month.period)
        step("recompute and download GSTR-2B")
        state_matches = ledger.held == portal.held()
    return DemoResult(
        month.gstin,
        month.period,
        downloaded,
        month.purchases,
        results,
        planned,
        refused,
        upload,
        ledger,
        gstr2b,
        state_matches,
        timings,
        month.source,
        today,
    )




def print_summary(result: DemoResult, out=print) -> None:
    out(f"\nIMS demo for GSTIN {result.gstin}, return period {result.period}, on {result.today:%d-%m-%Y}")
    statuses = Counter(r.status for r in result.results)
    out(f"\nReconciliation ({len(result.records)} IMS records):")
    for status in MatchStatus:
        if statuses[status]:
            default = DEFAULT_ACTIONS.get(status)
            note = f"default: {default.label}" if default else "left for review"
            if status is MatchStatus.MISSING_IN_IMS:
                note = "in the books only"
            out(f"  {status.value:<18}{statuses[status]:>7}   ({note})")
    out("\nUpload to GSTN:")
    out(f"  actions planned  {len(result.planned):>7}")
    for outcome in ("saved", "unchanged", "failed", "refused", "waiting"):
        if result.upload.count(outcome):
            out(f"  {outcome:<17}{result.upload.count(outcome):>7}")
    for code, count in sorted(result.refused.items()):
        out(f"  not sent ({code}): {count}")
    out(
        f"  requests: {len(result.upload.requests)} "
        f"({', '.join(sorted({r[3] for r in result.upload.requests})) or 'none'})"
    )
    actions = Counter(result.ledger.held.values())
    out("\nActions GSTN holds now:")
    for action in Action:
        out(f"  {action.label:<17}{actions[action]:>7}")
    available = result.gstr2b.net(Block.AVAILABLE).total_tax
    rejected = result.gstr2b.net(Block.REJECTED).total_tax
    out(
        f"\nGSTR-2B {result.gstr2b.period} (recomputed {result.gstr2b.generated_on:%d-%m-%Y}, "
        f"{len(result.gstr2b.documents)} documents):"
    )
    out(f"  ITC available   {format_inr(available):>20}")
    out(f"  ITC rejected    {format_inr(rejected):>20}")
    out(f"  ITC pending     {format_inr(result.pending_tax):>20}   (kept pending, not in this 2B)")
    out(f"\nClient's record of GSTN matches the sandbox: {'yes' if result.state_matches else 'NO'}")
    total = sum(result.timings.values())
    out("Timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()) + f"; total {total:.2f}s")


def run(args) -> int:
    period, today = resolve_calendar(args, need_gstr2b=True)
    result = run_demo(
        seed=args.seed,
        records=args.records,
        profile=args.profile,
        port=args.port,
        encrypt=not args.plain,
        dialect=args.dialect,
        period=period,
        today=today,
    )
    print_summary(result)
    from .demo_xlsx import write_demo_report

    path = write_demo_report(result, args.xlsx)
    print(f"Excel report: {path}")
    return 0 if result.state_matches and not result.upload.count("failed") else 1
