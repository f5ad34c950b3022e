"""Adapter units: provider headers, settings checks, Sandbox's envelope, certificates, supplier-view wire."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.errors import PayloadError
from india_ims.gstn.adapter import SupplierSale, make_client
from india_ims.gstn.adapters import headers, supplier_wire
from india_ims.gstn.certificate import CertificateError, load_certificate
from india_ims.gstn.crypto import generate_rsa_private_key, public_pem
from india_ims.gstn.errors import (
    GstnApiError,
    GstnAuthError,
    GstnNoData,
    GstnProviderRefused,
    GstnSessionExpired,
    GstnTransportError,
    user_message,
)
from india_ims.gstn.sandbox import TEST_OTP
from india_ims.gstn.settings import GstnSettings
from india_ims.gstn.upload import UploadItem

GSTIN = "27AAPFU0939F1ZV"


def settings(**kw) -> GstnSettings:
    return GstnSettings(**{"base_url": "http://127.0.0.1:1", "gstin": GSTIN, "username": "u", **kw})


# ---------------------------------------------------------------- headers


def test_generic_profile_omits_empty_gsp_credentials_and_sends_the_user_ip():
    plain = headers.gstn_headers(
        settings(user_ip="203.0.113.7"), transaction_id="t", auth_token=None, return_period=None
    )
    assert "clientid" not in plain and "client-secret" not in plain and plain["ip-usr"] == "203.0.113.7"
    full = headers.gstn_headers(
        settings(client_id="c", client_secret="s"), transaction_id="t", auth_token="a", return_period="102025"
    )
    assert (full["clientid"], full["client-secret"], full["auth-token"], full["ret_period"]) == (
        "c",
        "s",
        "a",
        "102025",
    )


def test_taxpro_and_x_api_key_profiles_add_their_headers():
    taxpro = settings(
        header_profile="taxpro", credentials={"aspid": "A1", "asp_secret": "S1", "session_id": "X"}
    )
    assert headers.provider_headers(taxpro, transaction_id="t", action="GETINV", now=0) == {
        "aspid": "A1",
        "asp-secret": "S1",
        "session-id": "X",
        "appver": "1.0",
    }
    keyed = settings(header_profile="x-api-key", credentials={"api_key": "K"})
    assert headers.provider_headers(keyed, transaction_id="t", action="GETINV", now=0) == {"x-api-key": "K"}


def test_vayana_token_is_signed_and_carries_ist_timestamp():
    key = generate_rsa_private_key()
    from india_ims.gstn.crypto import private_pem

    vay = settings(header_profile="vayana", credentials={"cust_id": "C9", "signing_key": private_pem(key)})
    when = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc).timestamp()
    out = headers.provider_headers(vay, transaction_id="txn1", action="OTPREQUEST", now=when)
    assert out["X-Asp-Auth-Token"] == f"v2.0:C9::txn1:20261130053000+0530:{GSTIN}:OTPREQUEST"
    assert headers.vayana_verify(public_pem(key), out["X-Asp-Auth-Token"], out["X-Asp-Auth-Signature"])
    assert not headers.vayana_verify(
        public_pem(key), out["X-Asp-Auth-Token"] + "x", out["X-Asp-Auth-Signature"]
    )


@pytest.mark.parametrize(
    "profile, credentials, named",
    [
        ("taxpro", {"aspid": "A"}, "TaxPro ASP secret"),
        ("x-api-key", {}, "API key"),
        ("vayana", {"cust_id": "C"}, "ASP private key"),
    ],
)
def test_a_missing_credential_is_named_before_anything_is_sent(profile, credentials, named):
    with pytest.raises(ValueError, match=named):
        settings(header_profile=profile, credentials=credentials)


def test_settings_refuse_what_a_provider_would_refuse():
    with pytest.raises(ValueError, match="encrypts for you"):
        settings(
            provider="sandbox-api",
            encrypt=True,
            gstn_public_key="x",
            credentials={"api_key": "k", "api_secret": "s"},
        )
    with pytest.raises(ValueError, match="API secret"):
        settings(provider="sandbox-api", credentials={"api_key": "k"})
    with pytest.raises(ValueError, match="provider"):
        settings(provider="cleartax")
    with pytest.raises(ValueError, match="full reversal"):
        settings(default_itc_declaration="maybe")


# ---------------------------------------------------------------- pass-through against the sandbox


@pytest.mark.parametrize("dialect", ["vayana", "taxpro", "x-api-key"])
def test_a_gsp_refuses_wrong_credentials_in_words(rig_factory, dialect):
    rig = rig_factory(dialect=dialect, encrypt=True)
    creds = dict(rig.settings.credentials)
    if dialect == "vayana":
        from india_ims.gstn.crypto import private_pem

        creds["signing_key"] = private_pem(generate_rsa_private_key())
    else:
        creds = {k: v + "-wrong" for k, v in creds.items()}
    client = make_client(replace(rig.settings, credentials=creds), clock=rig.clock)
    with pytest.raises(GstnProviderRefused, match="HTTP 401.*provider credentials"):
        client.request_otp()


def test_otp_request_always_carries_an_app_key_when_gstns_key_is_known(rig_factory):
    rig = rig_factory(
        dialect="taxpro", encrypt=False
    )  # the GSP encrypts payloads, GSTN still wants the app key
    client = make_client(rig.settings, clock=rig.clock)
    client.request_otp()
    client.login(TEST_OTP)
    assert client.get_counts()
    without = make_client(replace(rig.settings, gstn_public_key=None), clock=rig.clock)
    with pytest.raises(GstnAuthError, match="AUTH4033"):
        without.request_otp()


def test_a_rotated_gstn_certificate_is_said_in_words(rig_factory):
    rig = rig_factory(encrypt=True)
    stale = replace(rig.settings, gstn_public_key=public_pem(generate_rsa_private_key()))
    with pytest.raises(GstnAuthError, match="rotated its certificate"):
        make_client(stale, clock=rig.clock).request_otp()


# ---------------------------------------------------------------- Sandbox REST specifics


def test_sandbox_api_bad_secret_wrong_otp_and_no_data(rig_factory, month):
    rig = rig_factory(dialect="sandbox-api")
    bad = make_client(
        replace(rig.settings, credentials={**rig.settings.credentials, "api_secret": "no"}), clock=rig.clock
    )
    with pytest.raises(GstnProviderRefused, match="HTTP 401"):
        bad.request_otp()
    client = make_client(rig.settings, clock=rig.clock)
    client.request_otp()
    with pytest.raises(GstnAuthError, match="AUTH158"):
        client.login("000000")
    assert rig.client.added_back_liabilities("112025") == []  # IMS0027 inside HTTP 200
    with pytest.raises(GstnNoData, match="RET2B1023"):
        rig.client.get_2b(month.period)


def test_sandbox_api_expired_taxpayer_token_is_an_expired_session(rig_factory):
    rig = rig_factory(dialect="sandbox-api")
    rig.server.auth.expire_all()
    with pytest.raises(GstnSessionExpired, match="Sandbox refused the taxpayer session"):
        rig.client.get_section(Section.B2B)
    assert rig.client.session.state is None


def test_sandbox_api_platform_token_is_reused_for_a_day(rig_factory):
    rig = rig_factory(dialect="sandbox-api")
    token = rig.client._platform[0]
    rig.client.request_otp()
    assert rig.client._platform[0] == token
    rig.clock.advance(24 * 3600)
    rig.client.request_otp()
    assert rig.client._platform[0] != token


# ---------------------------------------------------------------- certificates


def _certificate(days: int) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = generate_rsa_private_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gstn-test")])
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(datetime(2026, 11, 30, tzinfo=timezone.utc) + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM), cert.public_bytes(serialization.Encoding.DER)


def test_certificate_pem_der_and_base64_der_give_the_same_key():
    import base64

    pem, der = _certificate(200)
    loaded = [load_certificate(pem), load_certificate(der), load_certificate(base64.b64encode(der).decode())]
    assert len({c.public_key_pem for c in loaded}) == 1
    assert loaded[0].not_after == date(2027, 6, 18) and "gstn-test" in loaded[0].subject
    assert load_certificate(loaded[0].public_key_pem).not_after is None  # a bare key has no expiry


def test_certificate_expiry_is_warned_ahead_and_garbage_refused():
    today = date(2026, 11, 30)
    assert load_certificate(_certificate(200)[0]).warning(today) is None
    soon = load_certificate(_certificate(10)[0]).warning(today)
    assert "expires on 10-12-2026 (10 days from now)" in soon
    assert "expired on" in load_certificate(_certificate(-3)[0]).warning(today)
    with pytest.raises(CertificateError, match="neither a PEM nor a DER"):
        load_certificate(b"not a certificate")


# ---------------------------------------------------------------- supplier view wire and error words


def test_supplier_view_round_trip_and_unknown_action_named():
    sale = SupplierSale(
        Section.B2BCN,
        "29AAJCM5823E1ZC",
        "CN-7",
        date(2025, 10, 3),
        11800,
        Amounts(10000, 1800),
        Action.REJECT,
        "GSTR1",
        "102025",
    )
    body = supplier_wire.build_sales(GSTIN, "102025", "GSTR1", [sale])
    assert supplier_wire.parse_sales(body, period="102025") == [sale]
    body["gstr1"]["cdnr"][0]["nt"][0]["imsactn"] = "X"
    with pytest.raises(PayloadError, match="recipient action 'X' is not A, R, P or N"):
        supplier_wire.parse_sales(body, period="102025")
    with pytest.raises(PayloadError, match="top-level keys: gstin"):
        supplier_wire.parse_added_back({"gstin": GSTIN}, period="112025")


def test_supplier_view_period_as_a_number_and_actions_as_words_read_as_gstn_writes_them():
    sale = SupplierSale(Section.B2B, "29AAJCM5823E1ZC", "INV-7", date(2025, 9, 3), 11800,
                        Amounts(10000, 1800), Action.REJECT, "GSTR1", "092025")
    body = supplier_wire.build_sales(GSTIN, "092025", "GSTR1", [sale])
    body["rtnprd"] = 92025
    body["gstr1"]["b2b"][0]["inv"][0]["imsactn"] = "Rejected"
    assert supplier_wire.parse_sales(body, period="092025") == [sale]


def test_supplier_view_lower_case_recipient_and_text_amounts_read_as_gstn_writes_them():
    sale = SupplierSale(Section.B2B, "29AAJCM5823E1ZC", "INV-7", date(2025, 10, 3), 11800,
                        Amounts(10000, 1800), Action.ACCEPT, "GSTR1", "102025")
    body = supplier_wire.build_sales(GSTIN, "102025", "GSTR1", [sale])
    group = body["gstr1"]["b2b"][0]
    group["ctin"] = " 29aajcm5823e1zc "
    group["inv"][0]["val"] = "118.00"
    group["inv"][0]["itms"][0]["itm_det"]["txval"] = "1,00.00"
    assert supplier_wire.parse_sales(body, period="102025") == [sale]


def test_supplier_view_and_added_back_bad_amount_is_refused_naming_section_record_and_field():
    sale = SupplierSale(Section.B2B, "29AAJCM5823E1ZC", "INV-7", date(2025, 10, 3), 11800,
                        Amounts(10000, 1800), Action.ACCEPT, "GSTR1", "102025")
    body = supplier_wire.build_sales(GSTIN, "102025", "GSTR1", [sale])
    body["gstr1"]["b2b"][0]["inv"][0]["itms"][0]["itm_det"]["iamt"] = "NA"
    with pytest.raises(PayloadError, match=r"section b2b, record 1, document 'INV-7', field 'iamt'"):
        supplier_wire.parse_sales(body, period="102025")
    note = {"ctin": "29aajcm5823e1zc", "nt_num": "CN-1", "nt_dt": "03-10-2025", "ntty": "C", "val": "NA",
            "txval": 100, "iamt": 18}
    added = {"rejInvAddBackLiab": {"cdnr": [note]}}
    with pytest.raises(PayloadError, match=r"section cdnr, record 1, document 'CN-1', field 'val'"):
        supplier_wire.parse_added_back(added, period="112025")
    added["rejInvAddBackLiab"]["cdnr"][0]["val"] = 118
    (row,) = supplier_wire.parse_added_back(added, period="112025")
    assert row.recipient_gstin == "29AAJCM5823E1ZC"


def test_supplier_view_amendment_carries_its_original_number_and_date():
    """GSTR-1's amendment rows name the document they amend (b2ba oinum/oidt, cdnra ont_num/ont_dt)."""
    note = SupplierSale(
        Section.B2BCNA, "29AAJCM5823E1ZC", "CN-7A", date(2025, 10, 3), 11800, Amounts(10000, 1800),
        Action.REJECT, "GSTR1", "102025", "CN-7", date(2025, 9, 20),
    )
    invoice = replace(note, section=Section.B2BA, document_number="INV-7A", original_number="INV-7")
    body = supplier_wire.build_sales(GSTIN, "102025", "GSTR1", [note, invoice])
    assert body["gstr1"]["cdnra"][0]["nt"][0]["ont_num"] == "CN-7"
    assert body["gstr1"]["b2ba"][0]["inv"][0]["oidt"] == "20-09-2025"
    assert supplier_wire.parse_sales(body, period="102025") == [note, invoice]
    del body["gstr1"]["b2ba"][0]["inv"][0]["oinum"]
    assert supplier_wire.parse_sales(body, period="102025")[1].original_number is None


def test_real_error_codes_are_explained_per_record():
    assert "declaration of the ITC to reduce" in user_message("IMSSAV0054")
    assert "supplier has edited" in user_message("IMSSAV0010")
    assert "(GSTN IMS2B009)" in user_message("IMS2B009")
    assert user_message("XYZ1", "GSTN's own words") == "GSTN's own words (GSTN XYZ1)"


def test_sandbox_api_paces_calls_to_the_plan_rate(rig_factory):
    rig = rig_factory(dialect="sandbox-api")
    creds = {**rig.settings.credentials, "requests_per_minute": "4"}
    client = make_client(replace(rig.settings, credentials=creds), clock=rig.clock)
    client.request_otp()  # platform token + OTP: 2 calls
    client.login(TEST_OTP)  # 3
    start = rig.clock.now()
    for _ in range(5):  # calls 4..8: the 5th call of a minute waits for the minute to pass
        client.get_counts()
    assert rig.clock.now() - start >= 60.0
    assert make_client(rig.settings, clock=rig.clock).per_minute is None  # a loopback host is not paced


def test_sandbox_api_success_with_a_null_error_key_is_a_success(rig_factory):
    """Providers send ``"error": null`` beside good data; only an error object (or status 0) is one."""
    rig = rig_factory(dialect="sandbox-api")
    inner = rig.client._inner
    assert inner({"code": 200, "data": {"status_cd": "1", "error": None, "data": {"b2b": []}}}, "GETINV") == (
        "1", {"b2b": []})
    assert inner({"code": 200, "data": {"status_cd": 1, "data": {}}}, "GETINV") == ("1", {})
    with pytest.raises(GstnNoData, match="IMS0027"):
        inner({"code": 200, "data": {"status_cd": "0", "error": {"error_cd": "IMS0027", "message": "none"}}},
              "GETINV")


def test_sandbox_api_error_in_lower_case_or_as_text_is_read_as_gstn_meant_it(rig_factory):
    """A gateway that lower-cases the code or sends the error as text: no data stays no data, and
    the words of a text error reach the user."""
    rig = rig_factory(dialect="sandbox-api")
    inner = rig.client._inner
    with pytest.raises(GstnNoData, match="IMS0027"):
        inner({"code": 200, "data": {"status_cd": "0", "error": {"error_cd": "ims0027", "message": "none"}}},
              "GETINV")
    with pytest.raises(GstnApiError, match="Invalid session"):
        inner({"code": 200, "data": {"status_cd": "0", "error": "Invalid session"}}, "GETINV")


@pytest.mark.parametrize("error", [
    {"errorCode": "IMS0027", "errorMessage": "none"},
    [{"error_cd": "IMS0027", "message": "none"}],
], ids=["errorCode", "list"])
def test_sandbox_api_error_as_errorcode_or_a_list_is_still_no_data(rig_factory, error):
    rig = rig_factory(dialect="sandbox-api")
    with pytest.raises(GstnNoData, match="IMS0027"):
        rig.client._inner({"code": 200, "data": {"status_cd": "0", "error": error}}, "GETINV")


def test_sandbox_api_errors_list_beside_status_one_is_an_error_not_data(rig_factory):
    rig = rig_factory(dialect="sandbox-api")
    with pytest.raises(GstnApiError, match="RET11402"):
        rig.client._inner({"code": 200, "data": {"status_cd": "1", "errors": [
            {"error_cd": "RET11402", "message": "API not authorised"}]}}, "GETINV")


def test_sandbox_api_status_sent_without_the_inner_data_is_still_the_status(rig_factory):
    """REQSTS with its P/PE/IP/ER in data itself: read as that status, never an unknown answer."""
    rig = rig_factory(dialect="sandbox-api")
    inner = rig.client._inner
    flat = {"code": 200, "data": {"status_cd": "PE", "proc_cnt": "3", "err_cnt": "1"}}
    assert inner(flat, "REQSTS", processing=True) == ("1", flat["data"])
    with pytest.raises(GstnTransportError, match="unknown status_cd 'PE'"):
        inner(flat, "GETINV")


def test_gstn_client_reads_a_status_sent_as_the_whole_answer(rig_factory):
    """A GSP that passes REQSTS's decrypted status as the whole answer: the upload still resolves."""
    rig = rig_factory()
    real = rig.client.transport.send

    def unwrapped(*args, **kwargs):
        body = real(*args, **kwargs)
        params = kwargs.get("params") or {}
        if params.get("action") == "REQSTS" and isinstance(body.get("data"), dict):
            return body["data"]
        return body

    rig.client.transport.send = unwrapped
    items = [UploadItem(r, Action.ACCEPT) for r in rig.uploader.download()[:5]]
    assert rig.uploader.run(items).complete and rig.ledger.held == rig.portal.held()


def test_gstn_client_reads_data_left_as_gstns_base64_layer(rig_factory):
    """A GSP that decrypts GSTN's reply but leaves its inner base64 layer: the records are read."""
    import base64
    import json

    rig = rig_factory(encrypt=False)
    real = rig.client.transport.send

    def base64_data(*args, **kwargs):
        body = real(*args, **kwargs)
        if isinstance(body.get("data"), dict):
            body["data"] = base64.b64encode(json.dumps(body["data"]).encode()).decode()
        return body

    rig.client.transport.send = base64_data
    records = rig.client.get_section(Section.B2BCN)
    assert {r.key for r in records} == {r.key for r in rig.portal.in_ims(Section.B2BCN)}


def test_raw_gstn_envelope_reads_a_lower_case_code_and_a_text_error():
    from india_ims.gst_india.payload.transport import parse_response_envelope

    envelope = parse_response_envelope({"status_cd": "0",
                                        "error": {"error_cd": " ret2b1016 ", "message": "x"}})
    assert not envelope.ok and envelope.error_code == "RET2B1016"
    text = parse_response_envelope({"status_cd": "0", "error": "Invalid session"})
    assert text.error_code is None and text.error_message == "Invalid session"
