"""Fixtures: a sandbox on 127.0.0.1 (port 0) sharing a fake clock with the client, so backoff and
expiry cost no real time; only timeout faults sleep for real (a few hundred milliseconds)."""

from __future__ import annotations

import pytest

from india_ims.gstn.adapter import make_client
from india_ims.gstn.client import GstnClient
from india_ims.gstn.clock import FakeClock
from india_ims.gstn.crypto import generate_rsa_private_key
from india_ims.gstn.ledger import Ledger
from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal
from india_ims.gstn.sandbox import seed as seeds
from india_ims.gstn.upload import Uploader

# Short network timeouts and retry delays: the fake clock makes the delays free anyway.
FAST = {"timeout": 2.0, "retry_delays": (1.0, 2.0, 4.0)}


@pytest.fixture(scope="session")
def month():
    return seeds.generated(11, 240, "returns")


@pytest.fixture(scope="session")
def rsa_key():
    return generate_rsa_private_key()  # one key for every encrypted sandbox: keygen is the slow part


class Rig:
    """A running sandbox, a logged-in client and an uploader with a ledger, all on one fake clock."""

    def __init__(self, month, *, encrypt=False, rsa_key=None, settings=None, dialect="gstn", **config):
        self.clock = FakeClock()
        self.portal = make_portal(
            month.records, gstin=month.gstin, period=month.period, encrypt=encrypt, **config
        )
        self.server = SandboxServer(
            self.portal, clock=self.clock, private_key=rsa_key, dialect=dialect
        ).start()
        self.settings = self.server.client_settings(**{**FAST, **(settings or {})})
        self.client = self.new_client()
        self.saved: list[dict] = []
        self.ledger = Ledger(month.gstin)
        self.uploader = Uploader(
            self.client, self.ledger, on_change=lambda led: self.saved.append(led.to_dict())
        )

    def new_client(self, **overrides) -> GstnClient:
        settings = self.server.client_settings(**{**FAST, **overrides}) if overrides else self.settings
        client = make_client(settings, clock=self.clock)
        client.request_otp()
        client.login(TEST_OTP)
        return client

    @property
    def faults(self):
        return self.server.faults

    def stop(self):
        self.server.stop()


@pytest.fixture
def rig_factory(month, rsa_key):
    rigs = []

    def make(**options):
        options.setdefault("rsa_key", rsa_key)
        rig = Rig(month, **options)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.stop()


@pytest.fixture
def rig(rig_factory):
    return rig_factory()
