"""A local GSTN: the simulated portal (``portal``), its API (``api``), HTTP server (``server``), faults,
admin routes and state files. ``start_sandbox`` seeds and starts one in a line."""

from __future__ import annotations

from datetime import date

from ...gst_india.documents import ImsRecord
from ...gst_india.periods import ReturnPeriod
from .faults import KINDS as FAULT_KINDS
from .faults import Fault, FaultPlan
from .portal import TEST_OTP, Portal, PortalConfig, PortalError
from .server import SandboxServer
from .state import load_portal, load_state, save_portal


def default_today(period: str) -> date:
    """The 20th of the month after ``period``: 2B drafted (14th), GSTR-3B not yet due."""
    nxt = ReturnPeriod.parse(period).next()
    return date(nxt.year, nxt.month, 20)


def make_portal(
    records: list[ImsRecord],
    *,
    gstin: str,
    period: str,
    username: str = "sandbox-user",
    today: date | None = None,
    encrypt: bool = False,
    history=(),
    **config,
) -> Portal:
    """``today`` defaults to the 20th after ``period``; the CLI passes India's real date instead."""
    return Portal.seeded(
        PortalConfig(
            gstin=gstin,
            username=username,
            period=period,
            today=today or default_today(period),
            encrypt=encrypt,
            **config,
        ),
        records,
        history,
    )


__all__ = [
    "FAULT_KINDS",
    "TEST_OTP",
    "Fault",
    "FaultPlan",
    "Portal",
    "PortalConfig",
    "PortalError",
    "SandboxServer",
    "default_today",
    "load_portal",
    "load_state",
    "make_portal",
    "save_portal",
]
