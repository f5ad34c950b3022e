"""The transport wire mapping (payload/transport.py): headers, query keys, envelopes, queued files."""

import pytest

from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload import transport as wire
from india_ims.gstn.clock import FakeClock
from india_ims.gstn.settings import GstnSettings
from india_ims.gstn.transport import SessionKeys, Transport


def settings(**kw):
    base = {
        "base_url": "https://gsp.example/taxpayerapi",
        "gstin": "27ORYHO8932Z1ZX",
        "username": "acme",
        "client_id": "cid",
        "client_secret": "secret",
    }
    base.update(kw)
    return GstnSettings(**base)


def test_headers_follow_gstn_spec_1_1():
    transport = Transport(settings(extra_headers={"x-gsp": "1"}), FakeClock())
    headers = transport.headers(SessionKeys("tok"), return_period="102025")
    assert headers["gstin"] == "27ORYHO8932Z1ZX"
    assert headers["state-cd"] == "27"
    assert headers["username"] == "acme"
    assert headers["auth-token"] == "tok"
    assert headers["ret_period"] == "102025"
    assert headers["clientid"] == "cid" and headers["client-secret"] == "secret"
    assert len(headers["txn"]) == 32 and headers["ip-usr"]
    assert headers["x-gsp"] == "1"
    assert transport.headers(None)["txn"] != headers["txn"]  # unique per call
    assert "auth-token" not in transport.headers(None)


def test_read_headers_ignores_case():
    values = wire.read_headers({"GSTIN": "27X", "Auth-Token": "t", "Username": "u"})
    assert (values.gstin, values.auth_token, values.username) == ("27X", "t", "u")


def test_query_keys_round_trip():
    query = wire.build_query(
        action="REQSTS", gstin="27X", reference_id="R1", period="102025", file_number=2, section=None
    )
    assert query == {
        "action": "REQSTS",
        "gstin": "27X",
        "int_tran_id": "R1",
        "rtnprd": "102025",
        "file_num": "2",
    }
    assert wire.read_query(query)["reference_id"] == "R1"
    with pytest.raises(PayloadError):
        wire.build_query(colour="red")


def test_envelopes():
    ok = wire.parse_response_envelope(wire.success_envelope({"a": 1}, rek="r", mac="m"))
    assert ok.ok and ok.data == {"a": 1} and ok.rek == "r" and ok.mac == "m"
    bad = wire.parse_response_envelope(wire.error_envelope("RET11416", "no docs"))
    assert not bad.ok and bad.error_code == "RET11416" and bad.error_message == "no docs"
    with pytest.raises(PayloadError, match="status_cd"):
        wire.parse_response_envelope({"status_cd": "7"})
    action, data, mac = wire.parse_request_envelope(wire.request_envelope("SAVE", "xyz", "mac"))
    assert (action, data, mac) == ("SAVE", "xyz", "mac")


def test_auth_request_and_reply():
    body = wire.build_auth_request(wire.AuthRequest("AUTHTOKEN", "acme", app_key="k", otp="o"))
    assert body == {"action": "AUTHTOKEN", "username": "acme", "app_key": "k", "otp": "o"}
    assert wire.parse_auth_request(body).otp == "o"
    with pytest.raises(PayloadError, match="authentication action"):
        wire.parse_auth_request({"action": "LOGIN", "username": "x"})
    reply = wire.parse_auth_reply(wire.build_auth_reply(wire.AuthReply("t", 360, "s")))
    assert reply == wire.AuthReply("t", 360, "s")
    with pytest.raises(PayloadError, match="no token"):
        wire.parse_auth_reply({"status_cd": "1"})


def test_queued_spellings():
    assert wire.parse_queued({"token": "T", "est": 2}) == wire.Queued("T", 2.0)
    assert wire.parse_queued({"requestid": "Q", "retryTimeInMinutes": "5"}) == wire.Queued("Q", 5.0)
    assert wire.parse_queued({"b2b": []}) is None


def test_file_details_round_trip_and_checks():
    details = wire.FileDetails("a2V5", (wire.FileRef("http://x/1.tar.gz", 3, "ab" * 32),))
    assert wire.parse_file_details(wire.build_file_details(details)) == details
    with pytest.raises(PayloadError, match="ek"):
        wire.parse_file_details({"fc": 0, "urls": []})
    with pytest.raises(PayloadError, match="fc says 2"):
        wire.parse_file_details({"fc": 2, "ek": "k", "urls": [{"ul": "u", "hash": "h"}]})


def test_gen2b_and_status():
    assert wire.parse_gen2b(wire.build_gen2b("27X", "102025")) == ("27X", "102025")
    with pytest.raises(PayloadError, match="itcprd"):
        wire.parse_gen2b({"rtin": "27X"})
    status = wire.GenerationStatus("ER", "RET2B1018", "too early")
    assert wire.parse_generation_status(wire.build_generation_status(status)) == status
    assert wire.file_count_of({"data": {"fc": 3}}) == 3 and wire.file_count_of({}) == 1


def test_settings_refuse_encryption_without_public_key():
    with pytest.raises(ValueError, match="public key"):
        settings(encrypt=True)
    assert settings().url("ims") == "https://gsp.example/taxpayerapi/v1.0/returns/ims"


def test_getinv_date_fast_path_agrees_with_strptime():
    from datetime import date, datetime, timedelta

    from india_ims.gst_india.errors import GstError
    from india_ims.gst_india.payload.ims import parse_date

    day = date(2024, 1, 1)
    for _ in range(800):
        text = day.strftime("%d-%m-%Y")
        assert parse_date(text) == datetime.strptime(text, "%d-%m-%Y").date()
        day += timedelta(days=1)
    for bad in ("31-02-2025", "+1-10-2025", "1a-10-2025", "00-10-2025"):
        with pytest.raises(GstError, match="is not a date"):
            parse_date(bad)
