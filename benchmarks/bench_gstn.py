"""Bench figure for the GSTN client against the local sandbox, over real HTTP on 127.0.0.1.

For each size: generate a month, start the sandbox in this process, log in, then time
- the download of every IMS section (direct GETINV, and queued through FILEDET + .tar.gz files),
- the upload of an action for every record (5000-record SAVE requests, REQSTS polled),
- GEN2B + GET2B,
plain and with GSTN payload encryption. The baseline is the plain run: the ratio shows what
encryption costs. Prints a table; asserts nothing.

    python benchmarks/bench_gstn.py [--sizes 2000 20000 100000]
"""

from __future__ import annotations

import argparse
import time

from india_ims.gst_india.documents import Action
from india_ims.gst_india.rules.declaration import DECLARATION_SECTIONS, default_declaration
from india_ims.gstn.client import GstnClient
from india_ims.gstn.crypto import generate_rsa_private_key
from india_ims.gstn.ledger import Ledger
from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal
from india_ims.gstn.sandbox import seed as seeds
from india_ims.gstn.upload import Uploader, UploadItem


def one_run(month, *, encrypt: bool, queued: bool, key) -> dict[str, float]:
    threshold = 5_000 if queued else 10_000_000
    portal = make_portal(
        month.records,
        gstin=month.gstin,
        period=month.period,
        encrypt=encrypt,
        queue_threshold=threshold,
        file_records=20_000,
        page_records=20_000,
    )
    with SandboxServer(portal, private_key=key) as server:
        client = GstnClient(server.client_settings(), clock=_NoSleep())
        client.request_otp()
        client.login(TEST_OTP)
        uploader = Uploader(client, Ledger(month.gstin))
        t0 = time.perf_counter()
        records = uploader.download()
        t1 = time.perf_counter()
        report = uploader.run([_accept(record) for record in records])
        t2 = time.perf_counter()
        client.regenerate_2b(month.period)
        client.get_2b(month.period)
        t3 = time.perf_counter()
        assert report.complete and uploader.ledger.held == portal.held()
    return {"download": t1 - t0, "upload": t2 - t1, "gstr2b": t3 - t2, "records": len(records)}


def _accept(record) -> UploadItem:
    """Accept, with the full reversal declared where GSTN wants a declaration (a credit note of
    October 2025 on): without it the portal refuses the Accept and the run is not complete."""
    declared = default_declaration(record, "Y", None) if record.section in DECLARATION_SECTIONS else None
    reduction, remarks = declared or (None, None)
    return UploadItem(record, Action.ACCEPT, remarks, reduction)


class _NoSleep:
    """Queued downloads wait GSTN's `est` minutes; the sandbox is ready at once."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--profile", default="enterprise")
    args = parser.parse_args(argv)
    key = generate_rsa_private_key()
    columns = ("records", "mode", "download s", "upload s", "2B s", "rec/s", "ratio")
    print("{:>8} {:<16} {:>10} {:>9} {:>6} {:>8} {:>6}".format(*columns))
    for size in args.sizes:
        month = seeds.generated(7, size, args.profile)
        base = None
        for encrypt, queued in ((False, False), (False, True), (True, False), (True, True)):
            figures = one_run(month, encrypt=encrypt, queued=queued, key=key)
            total = figures["download"] + figures["upload"] + figures["gstr2b"]
            base = base or total
            mode = ("encrypted" if encrypt else "plain") + (" queued" if queued else "")
            print(
                f"{figures['records']:>8} {mode:<16} {figures['download']:>10.2f} {figures['upload']:>9.2f} "
                f"{figures['gstr2b']:>6.2f} {figures['records'] / total:>8.0f} {total / base:>6.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
