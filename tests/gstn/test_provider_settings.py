"""IMS Settings values -> the adapter's settings, and "Test connection" in words (no bench needed)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from india_ims.gstn.adapter import make_client
from india_ims.gstn.connection_check import check_connection
from india_ims.gstn.crypto import generate_rsa_private_key, public_pem
from india_ims.gstn.provider_settings import PROVIDERS, build_settings
from india_ims.gstn.sandbox import TEST_OTP

GSTIN = "27AAPFU0939F1ZV"
KEY = public_pem(generate_rsa_private_key())


def row(provider, **kw):
    return {"gstin": GSTIN, "portal_username": "user1", "provider": provider, **kw}


def test_local_sandbox_is_the_default_and_sends_no_empty_gsp_credentials():
    built = build_settings({}, {"gstin": GSTIN})
    assert built.base_url == "http://127.0.0.1:8700/taxpayerapi" and not built.encrypt
    assert (built.client_id, built.username, built.user_ip) == ("", GSTIN, "127.0.0.1")


def test_pass_through_providers_always_encrypt_and_need_the_certificate():
    with pytest.raises(ValueError, match="needs GSTN's public key"):
        build_settings({"gsp_base_url": "https://gsp.example/taxpayerapi"}, row("GSTN via a GSP (generic)"))
    built = build_settings(
        {
            "gsp_base_url": "https://gsp.example/taxpayerapi",
            "gstn_certificate": KEY,
            "user_ip": "203.0.113.9",
        },
        row("GSTN via a GSP (generic)"),
        request_ip="198.51.100.1",
    )
    assert built.encrypt and built.gstn_public_key == KEY and built.user_ip == "203.0.113.9"
    assert (
        build_settings(
            {"gstn_certificate": KEY},
            row("TaxPro GSP", asp_id="A", asp_secret="S"),
            request_ip="198.51.100.1",
        ).user_ip
        == "198.51.100.1"
    )


def test_each_provider_maps_to_its_adapter_profile_and_host():
    taxpro = build_settings({"gstn_certificate": KEY}, row("TaxPro GSP", asp_id="A", asp_secret="S"))
    assert (taxpro.header_profile, taxpro.base_url) == (
        "taxpro",
        "https://gstapi.charteredinfo.com/taxpayerapi",
    )
    ic = build_settings({"gstn_certificate": KEY}, row("India Compliance API (x-api-key)", api_key="K"))
    assert (
        ic.header_profile == "x-api-key"
        and ic.url("ims") == "https://asp.resilient.tech/standard/gstn/returns/ims"
    )
    sandbox = build_settings(
        {"gsp_client_id": "x"},
        row("Sandbox (api.sandbox.co.in)", api_key="k", api_secret="s", sandbox_environment="test"),
    )
    assert (sandbox.provider, sandbox.base_url, sandbox.encrypt) == (
        "sandbox-api",
        "https://test-api.sandbox.co.in",
        False,
    )
    assert sandbox.client_id == ""
    with pytest.raises(ValueError, match="needs its base URL"):
        build_settings(
            {"gstn_certificate": KEY}, row("Vayana GSP", vayana_customer_id="C", vayana_signing_key="k")
        )
    assert set(PROVIDERS) >= {"Local sandbox", "Sandbox (api.sandbox.co.in)"}


def test_extra_headers_and_default_declaration_are_read_or_refused():
    built = build_settings(
        {"default_itc_declaration": "N: ITC was not availed", "default_itc_remarks": "never claimed"},
        row("Local sandbox", extra_headers="X-Test: 1\n\nX-Other: two"),
    )
    assert built.extra_headers == {"X-Test": "1", "X-Other": "two"}
    assert (built.default_itc_declaration, built.default_itc_remarks) == ("N", "never claimed")
    with pytest.raises(ValueError, match="line 1: 'nonsense' is not 'Name: value'"):
        build_settings({}, row("Local sandbox", extra_headers="nonsense"))


@pytest.mark.parametrize("dialect", ["sandbox-api", "taxpro"])
def test_connection_check_says_what_worked(rig_factory, dialect):
    rig = rig_factory(dialect=dialect, encrypt=dialect != "sandbox-api")
    fresh = make_client(rig.settings, clock=rig.clock)
    steps = check_connection(fresh)
    assert [s.ok for s in steps] == ([True] if dialect == "sandbox-api" else [None]) + [False, None]
    assert "request an OTP" in steps[1].words
    fresh.request_otp()
    fresh.login(TEST_OTP)
    steps = check_connection(fresh)
    assert steps[1].ok and steps[2].ok and f"{len(rig.portal.in_ims())} records in IMS" in steps[2].words


def test_india_compliance_paths_reach_a_gsp_without_version_segments(rig_factory):
    rig = rig_factory(dialect="x-api-key", encrypt=True)
    values = {"gstn_certificate": rig.server.auth.public_key_pem}
    built = build_settings(
        values,
        row(
            "India Compliance API (x-api-key)",
            portal_username=rig.settings.username,
            provider_base_url=rig.server.root_url + "/standard/gstn",
            api_key=rig.settings.credentials["api_key"],
        )
        | {"gstin": rig.settings.gstin},
    )
    assert built.url("ims").endswith("/standard/gstn/returns/ims")
    client = make_client(replace(built, timeout=2.0), clock=rig.clock)
    client.request_otp()
    client.login(TEST_OTP)
    assert sum(c.total for c in client.get_counts().values()) == len(rig.portal.in_ims())
