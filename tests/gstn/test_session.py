"""OTP login, session refresh before expiry, and expiry, against the sandbox over HTTP."""

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gstn.client import GstnClient
from india_ims.gstn.errors import GstnAuthError, GstnSessionExpired
from india_ims.gstn.sandbox import TEST_OTP
from india_ims.gstn.session import SessionState


@pytest.mark.parametrize("encrypt", [False, True])
def test_otp_login_and_a_call(rig_factory, encrypt):
    rig = rig_factory(encrypt=encrypt)
    state = rig.client.session.state
    assert (state.sek is not None) is encrypt
    assert rig.client.get_counts()["b2b"].total == len(rig.portal.in_ims(Section.B2B))


@pytest.mark.parametrize("encrypt", [False, True])
def test_wrong_otp_is_refused(rig_factory, encrypt):
    rig = rig_factory(encrypt=encrypt)
    client = GstnClient(rig.settings, clock=rig.clock)
    client.request_otp()
    with pytest.raises(GstnAuthError, match="AUTH158"):
        client.login("000000")


def test_session_is_refreshed_before_it_expires(rig):
    client = rig.client
    first = client.session.state.auth_token
    rig.clock.advance(360 * 60 - 100)  # inside the 5-minute refresh margin
    client.get_counts()
    assert client.session.state.auth_token != first
    assert client.session.seconds_left > 300
    assert first not in rig.server.auth.sessions  # the old token is gone at GSTN too


def test_expired_session_asks_for_a_new_otp(rig):
    rig.clock.advance(361 * 60)
    with pytest.raises(GstnSessionExpired, match="Log in again"):
        rig.client.get_counts()
    rig.client.request_otp()
    rig.client.login(TEST_OTP)
    assert rig.client.get_counts()


def test_session_dropped_by_gstn_is_forgotten(rig):
    rig.server.auth.expire_all()
    with pytest.raises(GstnSessionExpired):
        rig.client.get_counts()
    assert rig.client.session.state is None


@pytest.mark.parametrize("encrypt", [False, True])
def test_session_survives_a_round_trip_through_plain_data(rig_factory, encrypt):
    rig = rig_factory(encrypt=encrypt)
    saved = rig.client.session.state.to_dict()
    again = GstnClient(rig.settings, clock=rig.clock, session_state=SessionState.from_dict(saved))
    assert again.get_counts() == rig.client.get_counts()


def test_authtoken_without_otprequest_is_refused_when_encrypting(rig_factory):
    rig = rig_factory(encrypt=True)
    client = GstnClient(rig.settings, clock=rig.clock)
    with pytest.raises(GstnAuthError, match="request an OTP"):
        client.login(TEST_OTP)
    # The app key can cross processes between OTPREQUEST and AUTHTOKEN (the Frappe layer does this).
    client.request_otp()
    later = GstnClient(rig.settings, clock=rig.clock)
    later.session.pending_app_key = client.session.pending_app_key
    assert later.login(TEST_OTP).sek is not None
