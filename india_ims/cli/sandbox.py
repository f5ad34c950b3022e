"""``india-ims sandbox``: a local GSTN on 127.0.0.1 that the client (and the app) can talk to."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

from ..gstn.sandbox import TEST_OTP, SandboxServer, load_state, make_portal, save_portal
from ..gstn.sandbox import seed as seeds
from ..gstn.sandbox.dialects import DIALECTS, REST_DIALECTS
from .calendar_options import add_calendar_options, resolve_calendar


def register(subparsers) -> None:
    parser = subparsers.add_parser("sandbox", help="run a local GSTN sandbox (IMS, GSTR-2B) on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8700, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated month")
    parser.add_argument("--records", type=int, default=2000, help="IMS records in the generated month")
    parser.add_argument(
        "--profile", default="sample", help="generator profile: sample, messy, enterprise, returns"
    )
    parser.add_argument("--sample", action="store_true", help="seed with the embedded sample month instead")
    parser.add_argument(
        "--state", type=Path, help="load the portal from this file if it exists; save it on exit"
    )
    parser.add_argument(
        "--encrypt", action="store_true", help="require GSTN payload encryption (app key, sek)"
    )
    parser.add_argument("--username", default="sandbox-user", help="portal username the client must send")
    parser.add_argument(
        "--queue-threshold", type=int, default=10_000, help="GETINV of a larger section is queued (FILEDET)"
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    parser.add_argument(
        "--dialect",
        choices=DIALECTS,
        default="gstn",
        help="what the sandbox speaks: GSTN's protocol (gstn), behind a pass-through GSP's headers "
        "(vayana, taxpro, x-api-key), or Sandbox's REST API (sandbox-api)",
    )
    add_calendar_options(parser)
    parser.set_defaults(handler=run)


def build_server(args) -> SandboxServer:
    supplier = None  # a state file saved without a supplier side: seeded afresh, as before
    if args.state and args.state.exists():
        portal, supplier = load_state(args.state)
        source = f"state file {args.state}"
    else:
        if args.sample:
            month = seeds.sample()
            today = None  # the embedded sample is a fixed past month: it keeps its own calendar
        else:
            period, today = resolve_calendar(args, need_gstr2b=False)
            month = seeds.generated(args.seed, args.records, args.profile, period=period)
        portal = make_portal(
            month.records,
            gstin=month.gstin,
            period=month.period,
            username=args.username,
            encrypt=args.encrypt,
            queue_threshold=args.queue_threshold,
            today=today,
            history=month.history,
        )
        source = month.source
    log = None if args.quiet else (lambda text: print(f"  {text}", file=sys.stderr))
    dialect = getattr(args, "dialect", "gstn")
    if dialect in REST_DIALECTS and portal.config.encrypt:
        raise SystemExit(f"sandbox: --encrypt does not apply to --dialect {dialect} (the provider encrypts)")
    server = SandboxServer(portal, port=args.port, log=log, dialect=dialect, supplier=supplier)
    server.source = source
    return server


def run(args) -> int:
    server = build_server(args)
    config = server.portal.config
    info = {
        "base_url": server.base_url,
        "gstin": config.gstin,
        "username": config.username,
        "otp": TEST_OTP,
        "period": config.period,
        "today": config.today.isoformat(),
        "records": len(server.portal.in_ims()),
        "originals_held": sum(1 for s in server.portal.states.values() if not s.in_ims),
        "encrypt": config.encrypt,
        "seeded_from": server.source,
        "admin": f"{server.root_url}/sandbox/state",
        "dialect": server.dialect,
    }
    settings = server.provider.settings_values()
    if settings.get("credentials"):
        # Test credentials only: what a client of this dialect must send.
        info["credentials"] = {k: v for k, v in settings["credentials"].items() if k != "signing_key"}
    print("GSTN sandbox listening")
    print(json.dumps(info, indent=1))
    if server.auth.public_key_pem:
        print(f"GSTN public key: GET {server.root_url}/sandbox/public-key")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if args.state:
            save_portal(server.portal, args.state, supplier=server.supplier)
            print(f"state saved to {args.state}")
    return 0
