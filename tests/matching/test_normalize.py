import pytest

from india_ims.gst_india.matching.normalize import RULES, number_keys


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_rule_joins_its_example_at_its_level(rule):
    first, second = rule.example
    assert number_keys(first).level(number_keys(second)) == rule.level


@pytest.mark.parametrize("rule", [r for r in RULES if r.level > 0], ids=lambda r: r.name)
def test_no_rule_is_finer_than_it_claims(rule):
    """A rule of level n must not already be caught by a finer key (else it tests nothing)."""
    first, second = rule.example
    keys_a, keys_b = number_keys(first), number_keys(second)
    finer = ("exact", "separators", "tokens", "serial")[: min(rule.level, 4)]
    assert all(getattr(keys_a, kind) != getattr(keys_b, kind) for kind in finer)


@pytest.mark.parametrize(
    ("first", "second"),
    [("INV-12", "INV-123"), ("A0813", "A0814"), ("GST-2526-00657", "GST-2526-00656"), ("91", "98"),
     ("INV/25-26/0045", "INV/24-25/0046"),
     # digits that look alike on a scan are never read as each other: 1053 and 1058 are two bills
     ("INV/1053", "INV/1058"), ("1071", "1077"), ("GT000368", "GT000388"),
     # a letter suffix is kept: 45B is not 458's scan when the other number is 45
     ("INV/45B", "INV/45"),
     # Rule 46 cuts between characters, never inside the serial: INV/183 of INV/1835 is a near twin
     ("TI-2024-2025-183", "TI-2024-2025-1835")],
)
def test_near_twins_share_no_key(first, second):
    assert number_keys(first).level(number_keys(second)) == 5


def test_seven_and_seventeen_are_two_bills():
    # '17' ends with '7', and a challan DC42529 ends with bill 9: a serial of one or two digits ends
    # too many numbers to be a slip; with a year glued before it, it is still the same serial
    assert number_keys("7").level(number_keys("17")) == 5
    assert number_keys("9").level(number_keys("DC42529")) == 5
    assert number_keys("INV-7").level(number_keys("INV257")) == 4


def test_a_padded_serial_after_a_financial_year_is_not_a_year():
    assert number_keys("DN/25-26/0027").tokens == "DN.27"
    assert number_keys("DN/25-26/0027").level(number_keys("DN/0027")) == 2


def test_a_year_before_the_serial_wins_over_a_year_after_it():
    assert number_keys("MHINV/25-26/27").level(number_keys("MHINV/25-26/027")) == 2
    assert number_keys("INV/0045/25-26").serial == "45"


def test_a_serial_that_looks_like_a_year_stays_the_serial():
    assert number_keys("INV/25-26/2027").level(number_keys("INV/2027")) == 2


def test_the_serial_is_never_read_as_a_year():
    assert number_keys("INV/2025").serial == "2025"
    assert number_keys("INV/2025-26").serial == "26"
    assert number_keys("25-26/739").tokens == "739"


def test_an_empty_number_agrees_with_nothing():
    assert number_keys("").level(number_keys("")) == 5
    assert number_keys(None).level(number_keys("1")) == 5


def test_rule46_never_cuts_inside_the_serial():
    from india_ims.gst_india.matching.characters import rule46_cut

    assert rule46_cut("X/2025-26/000123", "MUMBAI/TAX/2025-26/000123")
    assert rule46_cut("5-26/000123/MUMB", "5-26/000123/MUMBAI")  # cut inside a word: the serial is whole
    assert not rule46_cut("2025-26/00012345", "2025-26/000123456")  # 16 digits of a 17-digit serial
    assert not rule46_cut("INV/25-26/000123", "INV/25-26/000123")  # not longer: nothing was cut
    assert not rule46_cut("MUMBAI/WEST/INV/", "MUMBAI/WEST/INV/000124")  # no serial kept at all


def test_look_alike_letters_are_read_only_beside_digits():
    from india_ims.gst_india.matching.characters import read_as_digits

    assert read_as_digits("INV/1O45") == "INV/1045"
    assert read_as_digits("SI/25-26/0416") == ""  # S and I of the prefix touch letters
    assert read_as_digits("BLR-02/INV/0045") == ""


def test_a_date_is_dropped_only_after_a_date_word():
    assert number_keys("279DT14.10.25").level(number_keys("279")) == 2
    assert number_keys("SDT-12-10-25").serial == "25"  # a series SDT, not 'dt' and a date


def test_serial_after_a_year():
    # the year comes first, so the digits after it are the serial even when they read as an FY
    assert number_keys("MH/2025/1617A").serial == "1617A"
    assert number_keys("SI/25-26/2526").serial == "2526"
    assert number_keys("PUN/2015-2526").serial == "2015"  # no GST bill names 2015: a serial
    assert number_keys("INV/27/2032").serial == "2032"  # after a two-digit year
    assert number_keys("PUN/2018-2526").serial == "2018"  # a serial, then the year
    assert number_keys("SI/25-26/2028-2526").serial == "2028"  # a year after the serial
    assert number_keys("MH/2025/2526").level(number_keys("MH/2025/02526")) == 2
    # a year after a serial still goes: typed twice, or after a serial of its own
    assert number_keys("SI/25-26/0298-2526").serial == "298"
    assert number_keys("1731/25-26/25-26").serial == "1731"
    assert number_keys("INV/0045/2025").serial == "45"


def test_letter_for_a_digit_before_a_suffix():
    from india_ims.gst_india.matching.characters import read_as_digits

    assert read_as_digits("CN24IA") == "CN241A"
    assert read_as_digits("GTO00126") == "GT000126"
    assert number_keys("CN24lA").level(number_keys("CN241A")) == 3
    # letters touching only letters are a word's: the series SI, the branch BLR
    assert read_as_digits("SI/25-26/0416") == ""
    # a digit is never read as another digit
    assert number_keys("CN248A").level(number_keys("CN243A")) == 5


def test_a_serial_ending_with_another_is_a_slip_only_under_the_same_words():
    # a year glued before the serial under one series, or a bare number: one bill written two ways
    assert number_keys("A/1000496").level(number_keys("A/496")) == 4
    assert number_keys("496").level(number_keys("A/1000496")) == 4
    assert number_keys("GT002760").level(number_keys("G7002760")) == 4  # the T read as a 7
    # the bill INV-00925 and the delivery challan DC-83925 are two documents
    assert number_keys("INV-00925").level(number_keys("DC-83925")) == 5
    # nor is the number of a purchase order or goods receipt booked for a bill with no letters
    assert number_keys("2443/25-26").level(number_keys("PO/52443")) == 5
    assert number_keys("2526-00964").level(number_keys("GRN-99964")) == 5
    assert number_keys("2526-00964").level(number_keys("GRN-00964")) == 3  # its serial typed whole


def test_word_glued_to_the_serial():
    assert number_keys("INV-01045PUNE").level(number_keys("INV-01045")) == 3
    # one or two letters are an amendment's or a part's, and stay; a warehouse or office tag does not
    assert number_keys("1045A").level(number_keys("1045")) == 5
    assert number_keys("1045CN").level(number_keys("1045")) == 5
    assert number_keys("1045WH").level(number_keys("1045")) == 3
    assert number_keys("1045CN").serial == "1045CN"


def test_excel_decimal():
    assert number_keys("1045.0").level(number_keys("1045")) == 2
    assert number_keys("9000000301.00").level(number_keys("9000000301")) == 2
    # only a number of digits alone: INV/45.0 and 1045.05 are written that way by someone
    assert number_keys("INV/45.0").serial == "0"
    assert number_keys("1045.05").level(number_keys("1045")) == 5


def test_a_year_written_with_its_dash_after_the_serial():
    # 24/25-26 is bill 24 of 2025-26 (the year is the pair joined by a dash); 25-26/27 is bill 27
    assert number_keys("24/25-26").serial == "24"
    assert number_keys("24/MUM/25-26").level(number_keys("24/25-26")) == 3
    assert number_keys("MHINV/25-26/27").serial == "27"


def test_a_year_typed_twice_is_one_year():
    # after 25-26 goes, 2728 is FY 2027-28, not this one again: the serial
    assert number_keys("BR2/2728/25-26").serial == "2728"
    assert number_keys("17/25-26/2025-26").serial == "17"


def test_a_revision_marks_digit_is_no_serial():
    # 2017-R1 is bill 2017 revised, not bill 1 of 2017: two revised bills share no serial by their marks
    for first, second in (("2017-R1", "2026/R1"), ("1234-R1", "5678/R1"),
                          ("INV/0321 REV 2", "INV/0654-REV2")):
        assert number_keys(first).level(number_keys(second)) == 5, (first, second)
    assert number_keys("2017-R1").tokens == "2017.R.1"
    assert number_keys("INV/25-26/2017-R1").level(number_keys("2017/R1")) == 3


def test_a_revision_mark_after_the_serial_is_no_slip_of_digits():
    # INV-000181/R1's last serial is 1, which ends 181 with "18" before it like a glued year: the mark
    # after the whole number makes it another document's number, not a slip
    for first, second in (("INV-000181", "INV-000181/R1"), ("PUN/0321-R1", "PUN/0321"),
                          ("INV-00251", "INV-00251/REV1")):
        assert number_keys(first).level(number_keys(second)) == 5, (first, second)
    # a series letter before the serial still lets one serial end with the other
    assert number_keys("A/1000496").level(number_keys("A/496")) == 4
