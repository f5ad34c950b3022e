"""The benchmark's GSTN: a sandbox serving a month, in a process of its own or in a thread of the
benchmark's, and a client logged in to it (``serving``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe


@contextmanager
def serving(records, portal_args: dict, own_process: bool = True) -> Iterator:
    """A ``GstnClient`` logged in to a sandbox that serves ``records`` (``make_portal``'s
    ``portal_args``): in a forked process (its CPU is not the benchmark's, as GSTN's is not the
    bench's), else in a thread of this one."""
    from india_ims.gstn.client import GstnClient
    from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal

    with _SandboxProcess(records, portal_args) if own_process else SandboxServer(
        make_portal(records, **portal_args)
    ) as server:
        client = GstnClient(server.client_settings())
        client.request_otp()
        client.login(TEST_OTP)
        yield client


def _serve(records, portal_args: dict, pipe) -> None:
    from india_ims.gstn.sandbox import SandboxServer, make_portal

    server = SandboxServer(make_portal(records, **portal_args))
    pipe.send(server.client_settings())
    server.httpd.serve_forever(0.05)


class _SandboxProcess:
    """The sandbox in a forked process (it touches no database or Redis connection)."""

    def __init__(self, records, portal_args: dict):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(records, portal_args, theirs), daemon=True)
        self.process.start()
        if not ours.poll(300):
            self.__exit__()
            frappe.throw("The benchmark's sandbox process did not start")
        self.settings = ours.recv()

    def client_settings(self):
        return self.settings

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)
