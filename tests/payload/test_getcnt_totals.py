"""GETCNT's totals and providers' spellings (``ims_status.parse_counts``, spec 1.6 and 7.5).

Where a total sits is disputed: EY's model gives each section a ``total``, a C# client and the
portal give each group a ``ttl_cnt``. Both are read; the counts by action are trusted over a total
that disagrees with them (the download check says so), and a total stands alone where no action is
counted. The sandbox answers in each shape (``build_counts``'s ``shape``), read back here.
"""

import pickle

import pytest

from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload.getinv import read_getinv
from india_ims.gst_india.payload.ims_status import (
    COUNTS_SHAPES,
    ActionCounts,
    GroupCount,
    build_counts,
    parse_counts,
)

ALL_OTH = ("b2b", "b2ba", "b2bdn", "b2bdna", "b2bcn", "b2bcna", "ecom", "ecoma")


@pytest.mark.parametrize("section", [
    {"total": 7}, {"ttl_cnt": "7"}, {"TTL_CNT": 7}, {"ttlCnt": 7},
    {"Total": 7, "noaction": None, "accept": ""},
], ids=["total", "ttl_cnt-as-text", "upper-case", "camel-case", "empty-actions"])
def test_a_section_with_only_a_total_counts_its_total(section):
    counts = parse_counts({"all_oth": {"b2b": section}})
    assert counts["b2b"].total == 7
    assert counts["b2b"].by_action is False and counts["b2b"].stated_total == 7
    assert not counts["b2b"].disagrees


def test_counts_by_action_are_trusted_over_a_section_total_that_disagrees():
    (counts,) = parse_counts({"all_oth": {"b2b": {"noaction": 4, "accept": 1, "total": 9}}}).values()
    assert (counts.total, counts.action_sum, counts.stated_total) == (5, 5, 9)
    assert counts.disagrees  # kept, for the download check to say so
    agreeing = parse_counts({"all_oth": {"b2b": {"noaction": 4, "accept": 1, "total": "5"}}})["b2b"]
    assert agreeing.total == 5 and not agreeing.disagrees


@pytest.mark.parametrize("payload", [
    {"all_oth": {"b2b": {"noaction": 2}, "b2bcn": {"accept": 1}, "ttl_cnt": 3}},
    {"ALL_OTH": {"B2B": {"noaction": 2}, "CN": {"accept": 1}, "TTL_CNT": "3"}},
    {"invoicecount": [{"all_oth": {"b2b": {"noaction": 2}, "b2bcn": {"accept": 1}, "ttl_cnt": 3}},
                      {"imp_gds": {"impg": {"accept": 0}, "ttl_cnt": 0}}]},
    {"invoiceCount": [{"allOth": {"b2b": {"noAction": 2}, "b2bcn": {"accepted": 1}, "ttlCnt": 3}}]},
], ids=["top-level", "upper-case", "invoicecount-list", "camel-case"])
def test_a_group_total_is_read_beside_its_sections(payload):
    counts = parse_counts(payload)
    assert {key: c.total for key, c in counts.items() if key in ALL_OTH} == {"b2b": 2, "b2bcn": 1}
    (group,) = [g for g in counts.groups if g.name == "all_oth"]
    assert group == GroupCount("all_oth", ALL_OTH, ("b2b", "b2bcn"), 3)


def test_a_group_with_only_its_total_gives_no_section_count_but_keeps_the_total():
    counts = parse_counts({"all_oth": {"ttl_cnt": 306}, "imp_gds": {}, "inv_supp_isd": None})
    assert counts == {}  # no section is counted zero on the group's word
    totals = {g.name: (g.listed, g.total) for g in counts.groups}
    assert totals == {"all_oth": ((), 306), "imp_gds": ((), None), "inv_supp_isd": ((), None)}


@pytest.mark.parametrize("words", [
    {"noaction": 4, "accept": 1, "reject": 2, "pending": 3},
    {"noAction": 4, "Accept": 1, "REJECT": 2, "Pending": 3},
    {"no_action": 4, "accepted": 1, "rejected": 2, "pending": 3},
    {"no_action_taken": 4, "ACCEPTED": 1, "Rejected": 2, "PENDING": 3},
], ids=["gstn", "camel-case", "sandbox-words", "sandbox-filter-words"])
def test_counts_by_action_are_read_in_providers_words(words):
    counts = parse_counts({"all_oth": {"b2ba": words}})["b2ba"]
    assert counts == ActionCounts(no_action=4, accepted=1, rejected=2, pending=3)


def test_one_count_given_twice_with_different_values_is_refused_naming_section_and_spellings():
    with pytest.raises(PayloadError, match=r"section b2b.*accept=1, accepted=2"):
        parse_counts({"all_oth": {"b2b": {"accept": 1, "accepted": 2}}})
    # the same count under two spellings is one count
    assert parse_counts({"all_oth": {"b2b": {"accept": 1, "accepted": "1"}}})["b2b"].accepted == 1


@pytest.mark.parametrize("payload, section, field", [
    ({"all_oth": {"b2b": {"noaction": -1}}}, "b2b", "noaction"),
    ({"all_oth": {"cn": {"accepted": "many"}}}, "b2bcn", "accepted"),
    ({"all_oth": {"b2b": {"total": 2.5}}}, "b2b", "total"),
    ({"all_oth": {"b2b": {"ttl_cnt": True}}}, "b2b", "ttl_cnt"),
    ({"all_oth": {"b2b": {"noaction": 1}, "ttl_cnt": "-3"}}, "all_oth", "ttl_cnt"),
    ({"all_oth": {"ttlCnt": "lots"}}, "all_oth", "ttlCnt"),
], ids=["negative-action", "text-action", "fraction-total", "flag-total", "negative-group-total",
        "text-group-total"])
def test_a_count_that_is_not_a_count_is_refused_naming_section_and_field(payload, section, field):
    with pytest.raises(PayloadError) as caught:
        parse_counts(payload)
    assert caught.value.section == section and caught.value.field == field
    assert "is not a count" in str(caught.value)


def _records():
    row = {"stin": "27AAPFU0939F1ZV", "idt": "03-10-2026", "rtnprd": "102026", "val": 1180, "txval": 1000,
           "iamt": 180, "camt": 0, "samt": 0, "cess": 0, "pos": "27", "inv_typ": "R", "srcform": "R1",
           "srcfilstatus": "Filed", "ispendactblocked": "N"}
    rows = [{**row, "inum": f"INV-{n}", "action": action} for n, action in enumerate("NNAARP")]
    return read_getinv({"b2b": rows}).records


def test_the_default_counts_shape_is_gstns_with_a_total_per_section():
    built = build_counts(_records())
    assert list(built) == ["all_oth"] and list(built["all_oth"]) == list(ALL_OTH)
    assert built["all_oth"]["b2b"] == {"noaction": 2, "accept": 2, "reject": 1, "pending": 1, "total": 6}
    assert built["all_oth"]["ecom"] == {"noaction": 0, "accept": 0, "reject": 0, "pending": 0, "total": 0}


@pytest.mark.parametrize("shape", COUNTS_SHAPES)
def test_every_counts_shape_the_sandbox_speaks_reads_back_to_its_totals(shape):
    counts = parse_counts(build_counts(_records(), shape))
    (group,) = counts.groups
    if shape == "group_only":
        assert counts == {} and group.total == 6
        return
    assert counts["b2b"].total == 6 and counts["b2ba"].total == 0
    assert group.total == (6 if shape in ("portal", "words") else None)
    if shape != "total_only":
        assert (counts["b2b"].no_action, counts["b2b"].accepted, counts["b2b"].rejected) == (2, 2, 1)


def test_an_unknown_counts_shape_is_refused():
    with pytest.raises(ValueError, match="counts shape 'csv'"):
        build_counts([], "csv")


def test_counts_keep_their_groups_when_pickled_for_a_job():
    counts = parse_counts({"all_oth": {"b2b": {"accept": 1}, "ttl_cnt": 1}})
    copied = pickle.loads(pickle.dumps(counts))
    assert copied == counts and copied.groups == counts.groups
