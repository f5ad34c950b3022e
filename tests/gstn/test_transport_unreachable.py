"""A request that never reaches the provider: the words say what the user can check."""

from datetime import datetime, timezone

import pytest
import requests

from india_ims.gstn.clock import FakeClock
from india_ims.gstn.errors import GstnTransportError
from india_ims.gstn.settings import GstnSettings
from india_ims.gstn.transport import Transport

TODAY = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc).timestamp()


class _Unreachable:
    """An HTTP session whose every request fails as ``requests`` fails a host name not found."""

    def request(self, method, url, **_kwargs):
        raise requests.ConnectionError(
            "HTTPSConnectionPool(host='gsp.example', port=443): Max retries exceeded with url: /x "
            "(Caused by NameResolutionError(\"Failed to resolve 'gsp.example'\"))"
        )


def test_a_host_name_not_found_says_to_check_the_base_url_and_the_network():
    settings = GstnSettings(
        base_url="https://gsp.example/taxpayerapi", gstin="27ORYHO8932Z1ZX", username="acme",
        client_id="cid", client_secret="secret", retry_delays=(),
    )
    transport = Transport(settings, FakeClock(TODAY), http=_Unreachable())
    with pytest.raises(GstnTransportError, match="could not find the host by its name") as raised:
        transport.send("GET", settings.url("ims"), headers={}, idempotent=True)
    assert "Provider base URL" in str(raised.value)
