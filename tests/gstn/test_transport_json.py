"""How the transport reads a reply's JSON: orjson for UTF-8, requests' reader for anything else."""

import math
from datetime import datetime, timezone

import pytest
import requests

from india_ims.gstn.clock import FakeClock
from india_ims.gstn.errors import GstnTransportError
from india_ims.gstn.settings import GstnSettings
from india_ims.gstn.transport import Transport

TODAY = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc).timestamp()


class _OneReply:
    """An HTTP session that answers every request with the same body."""

    def __init__(self, body: bytes, content_type: str = "application/json"):
        self.body, self.content_type = body, content_type

    def request(self, method, url, **_kwargs):
        response = requests.Response()
        response.status_code = 200
        response._content = self.body
        response.headers["Content-Type"] = self.content_type
        response.url = url
        return response


def _send(body: bytes, **kw) -> dict:
    settings = GstnSettings(
        base_url="https://gsp.example/taxpayerapi", gstin="27ORYHO8932Z1ZX", username="acme",
        client_id="cid", client_secret="secret", retry_delays=(),
    )
    transport = Transport(settings, FakeClock(TODAY), http=_OneReply(body, **kw))
    return transport.send("GET", settings.url("ims"), headers={}, idempotent=True)


def test_utf8_reply_is_read_with_its_non_ascii_text():
    body = '{"status_cd": "1", "data": {"trdnm": "Śrī Gaṇeśa Traders ₹"}}'.encode()
    assert _send(body) == {"status_cd": "1", "data": {"trdnm": "Śrī Gaṇeśa Traders ₹"}}


def test_reply_with_a_byte_order_mark_is_read():
    assert _send(b"\xef\xbb\xbf" + b'{"status_cd": "1"}') == {"status_cd": "1"}


def test_utf16_reply_is_read():
    body = '{"status_cd": "1", "data": {"n": 2}}'
    assert _send(body.encode("utf-16")) == {"status_cd": "1", "data": {"n": 2}}


def test_nan_in_a_reply_reads_as_before():
    # the standard library's reader takes NaN; orjson does not, so such a reply goes to it
    read = _send(b'{"status_cd": "1", "data": {"val": NaN}}')
    assert math.isnan(read["data"]["val"])


def test_a_64_bit_integer_reads_exactly():
    # beyond 64 bits orjson reads a float, which only an absurd amount could be: refused as out of
    # range either way by the payload's money check
    assert _send(b'{"n": 9223372036854775807}') == {"n": 9223372036854775807}


@pytest.mark.parametrize("body", [b"<html>Gateway Timeout</html>", b"", b'{"status_cd": "1"'])
def test_a_body_that_is_not_json_is_a_transport_error(body):
    with pytest.raises(GstnTransportError, match="with a body that is not JSON"):
        _send(body, content_type="text/html")


def test_a_json_reply_that_is_not_an_object_is_refused():
    with pytest.raises(GstnTransportError, match="reply is not a JSON object"):
        _send(b"[1, 2]")
