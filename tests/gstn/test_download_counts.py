"""A download checked against GSTN's count of its records (GETCNT, ``gstn.download_check``), end to
end on the local sandbox with a fault that leaves records out of GETINV."""

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.payload.ims_status import ActionCounts, parse_counts
from india_ims.gstn.download_check import (
    CountCheck,
    CountMismatch,
    check_counts,
    checked_download,
    compare_counts,
)
from india_ims.gstn.errors import GstnTransportError


def keys(records):
    return sorted(r.key for r in records)


@pytest.mark.parametrize("dialect", ["gstn", "sandbox-api"])
def test_a_download_whose_counts_agree_carries_no_warning(rig_factory, dialect):
    rig = rig_factory(dialect=dialect)
    download = rig.client.download()
    assert keys(download.records) == keys(rig.portal.in_ims())
    assert download.warnings == () and download.mismatches == ()
    assert download.checked  # GETCNT counted every section downloaded


@pytest.mark.parametrize("dialect", ["gstn", "sandbox-api"])
def test_records_left_out_of_a_section_are_named_with_both_numbers(rig_factory, dialect):
    rig = rig_factory(dialect=dialect)
    held = len(rig.portal.in_ims(Section.B2B))
    rig.faults.add("drop_records", action="GETINV", records=3)
    download = rig.client.download([Section.B2B, Section.B2BCN])
    assert len([r for r in download.records if r.section == Section.B2B]) == held - 3
    assert download.mismatches == (CountMismatch(Section.B2B, held, held - 3),)
    (warning,) = download.warnings
    assert f"GSTN counts {held} records" in warning and f"returned {held - 3}" in warning
    assert "B2B Invoice (b2b)" in warning and "3 missing" in warning
    assert not download.checked
    # downloaded again without the fault: the counts agree
    assert rig.client.download([Section.B2B]).warnings == ()


def test_a_queued_file_holding_fewer_records_than_announced_is_refused(rig_factory):
    rig = rig_factory(queue_threshold=20, file_records=30)
    held = len(rig.portal.in_ims(Section.B2B))
    assert held > 30  # queued, in several files
    rig.faults.add("drop_records", action="GETINV", records=2)
    with pytest.raises(GstnTransportError, match="announced 30 records in it but it holds 28"):
        rig.client.download([Section.B2B])
    assert keys(rig.client.download([Section.B2B]).records) == keys(rig.portal.in_ims(Section.B2B))


def test_counts_that_cannot_be_read_are_a_warning_and_the_records_still_come(rig):
    rig.faults.add("http_500", action="GETCNT", times=10)
    download = rig.client.download([Section.B2B])
    assert keys(download.records) == keys(rig.portal.in_ims(Section.B2B))
    (warning,) = download.warnings
    assert "could not be read" in warning and "HTTP 500" in warning
    assert download.unchecked == (Section.B2B,)


def test_more_records_than_counted_and_uncounted_sections():
    counts = {"b2b": ActionCounts(no_action=4, accepted=1), "b2bcn": ActionCounts(pending=2)}
    received = {Section.B2B: 6, Section.B2BCN: 2, Section.ECOMA: 5}
    mismatches, unchecked = compare_counts(counts, received, [Section.B2B, Section.B2BCN, Section.ECOMA])
    assert mismatches == (CountMismatch(Section.B2B, 5, 6),)
    assert "1 more than counted" in mismatches[0].message
    assert unchecked == (Section.ECOMA,)  # a count that leaves a section out says nothing of it
    # a counted section that returned nothing ("no documents") is a mismatch, not a pass
    assert compare_counts(counts, {}, [Section.B2BCN])[0] == (CountMismatch(Section.B2BCN, 2, 0),)


# ---------------------------------------------------------------- totals in providers' shapes


@pytest.mark.parametrize("dialect", ["gstn", "sandbox-api"])
def test_a_section_with_only_a_total_is_checked_against_its_total(rig_factory, dialect):
    rig = rig_factory(dialect=dialect, counts_shape="total_only")
    download = rig.client.download()
    assert download.warnings == () and download.checked  # a total alone is not "0 records"
    held = len(rig.portal.in_ims(Section.B2B))
    rig.faults.add("drop_records", action="GETINV", records=2)
    short = rig.client.download([Section.B2B])
    assert short.mismatches == (CountMismatch(Section.B2B, held, held - 2),)


@pytest.mark.parametrize("shape", ["portal", "words"])
def test_counts_by_action_beside_a_group_total_check_each_section(rig_factory, shape):
    rig = rig_factory(counts_shape=shape)
    assert rig.client.download().warnings == ()
    held = len(rig.portal.in_ims(Section.B2BCN))
    rig.faults.add("drop_records", action="GETINV", records=1)
    download = rig.client.download([Section.B2BCN])
    assert download.mismatches == (CountMismatch(Section.B2BCN, held, held - 1),)
    assert download.group_mismatches == () and download.disagreements == ()


@pytest.mark.parametrize("dialect", ["gstn", "sandbox-api"])
def test_a_group_total_alone_checks_the_groups_sections_together(rig_factory, dialect):
    rig = rig_factory(dialect=dialect, counts_shape="group_only")
    everything = rig.client.download()
    assert everything.warnings == () and everything.checked
    held = len(rig.portal.in_ims())
    rig.faults.add("drop_records", action="GETINV", records=3)
    download = rig.client.download()
    (mismatch,) = download.group_mismatches
    assert (mismatch.group, mismatch.counted, mismatch.received) == ("all_oth", held, held - 3)
    assert mismatch.sections == tuple(Section)
    (warning,) = download.warnings
    assert "only inside the all_oth group" in warning and f"its total is {held}" in warning
    assert f"returned {held - 3} (3 missing)" in warning and "B2B Invoice (b2b)" in warning
    assert not download.checked


def test_a_group_total_alone_cannot_check_part_of_its_group_and_says_the_sections_unchecked(rig_factory):
    rig = rig_factory(counts_shape="group_only")
    download = rig.client.download([Section.B2B, Section.B2BCN])
    assert download.warnings == () and download.unchecked == (Section.B2B, Section.B2BCN)
    assert not download.checked  # the total covers sections this download did not take


def test_a_group_total_less_its_counted_sections_checks_the_uncounted_ones():
    counts = parse_counts({"all_oth": {"b2b": {"noaction": 4}, "b2ba": {"accept": 1}, "b2bdn": {},
                                  "b2bdna": {}, "b2bcna": {}, "ecom": {}, "ttl_cnt": 12}})
    received = {Section.B2B: 4, Section.B2BA: 1, Section.B2BCN: 5, Section.ECOMA: 1}
    check = check_counts(counts, received, tuple(Section))
    (mismatch,) = check.group_mismatches
    assert mismatch.sections == (Section.B2BCN, Section.ECOMA)
    assert (mismatch.counted, mismatch.received, mismatch.group_total) == (7, 6, 12)
    assert "its total of 12 less the counts it gave for the group's other sections leaves 7" in (
        mismatch.message
    )
    assert check.mismatches == () and check.unchecked == ()
    assert check_counts(counts, {**received, Section.B2BCN: 6}, tuple(Section)) == CountCheck()


def test_counts_by_action_and_a_section_total_that_disagree_are_a_warning_naming_the_figure_used():
    counts = parse_counts({"all_oth": {"b2b": {"noaction": 4, "accept": 1, "total": 7}}})
    download = checked_download([], counts, [Section.B2B])
    assert download.mismatches == (CountMismatch(Section.B2B, 5, 0),)  # the actions, not the total
    (disagreement,) = download.disagreements
    assert (disagreement.section, disagreement.parts, disagreement.stated) == (Section.B2B, 5, 7)
    warning = download.warnings[-1]
    assert "by action add up to 5 records but the total given beside them says 7" in warning
    assert "checked against the counts by action" in warning and "the download returned 0" in warning


def test_a_group_total_that_disagrees_with_its_sections_is_a_warning_and_each_section_keeps_its_count():
    sections = {key.value: {"noaction": 1} for key in Section}
    counts = parse_counts({"all_oth": {**sections, "ttl_cnt": 10}})
    download = checked_download([], counts, [Section.B2B])
    assert download.mismatches == (CountMismatch(Section.B2B, 1, 0),)
    (disagreement,) = download.disagreements
    assert (disagreement.group, disagreement.parts, disagreement.stated) == ("all_oth", 8, 10)
    assert "its sections add up to 8 records but the group's total says 10" in disagreement.message
    assert "each section was checked against its own count" in disagreement.message
    # sections counting more than their group's total, some sections unlisted: a contradiction too
    over = parse_counts({"all_oth": {"b2b": {"noaction": 5}, "ttl_cnt": 3}})
    assert check_counts(over, {Section.B2B: 5}, [Section.B2B]).disagreements[0].stated == 3

