"""A download checked against GSTN's count of its records (GETCNT, ``gstn.download_check``), end to
end on the local sandbox with a fault that leaves records out of GETINV."""

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.payload.ims_status import ActionCounts
from india_ims.gstn.download_check import CountMismatch, compare_counts
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
