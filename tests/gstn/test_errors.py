from india_ims.gstn.errors import (
    ERROR_MESSAGES,
    GstnApiError,
    GstnAuthError,
    GstnSessionExpired,
    api_error,
    user_message,
)


def test_known_codes_read_as_sentences_with_the_code():
    text = user_message("RET2B1018")
    assert "before its cut-off" in text and "RET2B1018" in text
    for code in ("AUTH158", "AUTH4038", "RTN_24", "RET11416", "RET2B1023"):
        assert code in ERROR_MESSAGES


def test_unknown_code_keeps_gstn_text():
    assert user_message("XYZ9", "Something odd") == "Something odd (GSTN XYZ9)"
    assert user_message(None) == "GSTN returned an error without a code"


def test_error_classes_by_code():
    assert isinstance(api_error("AUTH4038", None), GstnSessionExpired)
    assert isinstance(api_error("AUTH158", None), GstnAuthError)
    assert not isinstance(api_error("AUTH158", None), GstnSessionExpired)
    plain = api_error("RET191", "bad", action="SAVE")
    assert type(plain) is GstnApiError and plain.code == "RET191" and str(plain).startswith("SAVE: ")
