"""Link candidates for one IMS record are ranked by how well they match, best first."""

from datetime import date

from india_ims.gst_india.matching.rank import Side, rank

GSTIN = "27AAAAA0000A1Z5"
OTHER = "29BBBBB1111B1Z3"
RECORD = Side("rec", GSTIN, "INV/24-25/045", date(2026, 11, 5), 100_000_00, 18_000_00)


def test_the_same_bill_ranks_first_and_says_why():
    best = Side("PI-1", GSTIN, "INV-24-25-45", date(2026, 11, 5), 100_000_00, 18_000_00)
    near = Side("PI-2", GSTIN, "INV/24-25/046", date(2026, 11, 6), 100_000_00, 18_000_00)
    far = Side("PI-3", OTHER, "X-9", date(2026, 6, 1), 5_000_00, 900_00)
    ranked = rank(RECORD, [far, near, best])
    assert [r.key for r in ranked] == ["PI-1", "PI-2", "PI-3"]
    assert ranked[0].score == 100 and not ranked[0].differs
    assert "number" in ranked[1].differs
    assert ranked[2].score == 0


def test_amounts_within_one_percent_count_for_less_than_equal_amounts():
    equal = Side("A", GSTIN, "INV/24-25/045", date(2026, 11, 5), 100_000_00, 18_000_00)
    close = Side("B", GSTIN, "INV/24-25/045", date(2026, 11, 5), 100_500_00, 18_000_00)
    first, second = rank(RECORD, [close, equal])
    assert (first.key, second.key) == ("A", "B")
    assert "taxable value within 1 %" in second.differs


def test_limit_keeps_the_best():
    many = [Side(f"PI-{i}", GSTIN, f"Z{i}", date(2026, 1, 1), i, 0) for i in range(30)]
    assert len(rank(RECORD, many, limit=5)) == 5
