import pytest

from india_ims.gst_india.errors import InvalidGstin
from india_ims.gst_india.gstin import (
    RegistrationType,
    check_character,
    is_valid_gstin,
    pan_of,
    validate_gstin,
)

VALID = ["24AAQCA8719H1ZC", "27AAPFU0939F1ZV", "24AABCR6898M1ZN", "29AAJCM5823E1ZC",
         "27AADCK7391H1Z7", "29AAEFP9624N1ZI", "33AAHCT4471Q1ZR"]


@pytest.mark.parametrize("gstin", VALID)
def test_spec_vectors_are_valid(gstin):
    """Spec 6.2 test vectors."""
    parsed = validate_gstin(gstin)
    assert parsed.registration_type is RegistrationType.REGULAR
    assert parsed.state_code == gstin[:2]
    assert parsed.pan == gstin[2:12]


def test_worked_example_check_character():
    """Spec 6.2 worked example: 29AAJCM5823E1Z gives C."""
    assert check_character("29AAJCM5823E1Z") == "C"


def test_wrong_check_character_names_expected():
    with pytest.raises(InvalidGstin, match="should be 'V', found '5'"):
        validate_gstin("01AABCE2207R1Z5")


def test_lower_case_is_accepted_and_normalised():
    assert validate_gstin(" 27aapfu0939f1zv ").value == "27AAPFU0939F1ZV"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("27AAPFU0939F1Z", "14 characters"),
        ("27AAPFU0939F1Z*", "not allowed"),
        ("AAAAPFU0939F1ZV", "numeric state code"),
        ("27AAPF00939F1ZV", "not a PAN"),
        ("27AAPFU0939F0ZV", "entity number"),
        ("45AAPFU0939F1ZV", "not a state code"),
    ],
)
def test_errors_say_what_is_wrong(value, message):
    with pytest.raises(InvalidGstin, match=message):
        validate_gstin(value)


def _with_check(first14):
    return first14 + check_character(first14)


@pytest.mark.parametrize(
    ("first14", "kind"),
    [
        ("07DELA12345B1D", RegistrationType.TDS),
        ("27AAPFU0939F1C", RegistrationType.TCS),
        ("9917USA12345OS", RegistrationType.OIDAR),
        ("2717USA12345NR", RegistrationType.NRTP),
        ("0717UNO12345UN", RegistrationType.UIN),
        ("07DELH12348I1Z", RegistrationType.GOVERNMENT),
    ],
)
def test_registration_types(first14, kind):
    assert validate_gstin(_with_check(first14)).registration_type is kind


def test_is_valid_and_pan_helpers():
    assert is_valid_gstin("27AAPFU0939F1ZV")
    assert not is_valid_gstin("27AAPFU0939F1ZX")
    assert pan_of("27aapfu0939f1zv") == "AAPFU0939F"


def test_sample_month_gstins_all_valid(sample_ims_payload):
    """The dataset promises valid check characters on every GSTIN."""
    gstins = {row["stin"] for rows in sample_ims_payload.values() for row in rows}
    assert gstins and all(is_valid_gstin(g) for g in gstins)
