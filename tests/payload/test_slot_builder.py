"""The flat GETINV path builds records by setting slots: the result must be the dataclass's own."""

from dataclasses import dataclass, fields
from datetime import date

import pytest

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.payload.getinv import _flat_section, slot_builder


def test_slot_builder_gives_the_same_record_as_the_constructor_with_defaults_for_fields_not_named():
    build = slot_builder(ImsRecord, ("section", "supplier_gstin", "document_number", "document_date",
                                     "supplier_return_period", "document_value", "amounts",
                                     "place_of_supply"))
    amounts = Amounts(100, 18, 0, 0, 0)
    built = build(Section.B2B, "27AAPFU0939F1ZV", "INV-1", date(2026, 10, 3), "102026", 118, amounts, "27")
    made = ImsRecord(Section.B2B, "27AAPFU0939F1ZV", "INV-1", date(2026, 10, 3), "102026", 118, amounts, "27")
    assert built == made
    assert all(getattr(built, f.name) == getattr(made, f.name) for f in fields(ImsRecord))
    assert built.action is Action.NO_ACTION and built.reverse_charge is False
    with pytest.raises(AttributeError):
        built.action = Action.ACCEPT  # still frozen


def test_slot_builder_refuses_classes_it_cannot_build_faithfully():
    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self):
            raise ValueError

    @dataclass(frozen=True, slots=True)
    class Required:
        value: int
        other: int

    with pytest.raises(TypeError, match="__post_init__"):
        slot_builder(Checked, ("value",))
    with pytest.raises(TypeError, match="other"):
        slot_builder(Required, ("value",))
    with pytest.raises(TypeError, match="nothing"):
        slot_builder(Required, ("value", "other", "nothing"))


def test_flat_path_reads_a_section_of_complete_rows_and_marks_the_odd_one():
    good = {"stin": "27AAPFU0939F1ZV", "inum": "A1", "idt": "03-10-2026", "rtnprd": "102026", "val": 118.5,
            "txval": 100, "iamt": 18.5, "camt": 0, "samt": 0, "cess": 0, "pos": "27", "action": "A"}
    odd = dict(good, inum="A2", txval=" 100")  # text beyond plain decimals: the precise path reads it
    out = _flat_section(Section.B2B, [good, odd, good], ({}, {}))
    assert out[1] is None
    assert out[0] == out[2]
    assert out[0].amounts == Amounts(10000, 1850, 0, 0, 0) and out[0].document_value == 11850
    assert out[0].action is Action.ACCEPT


def test_reading_pauses_the_cycle_collector_and_restores_it_as_it_was():
    import gc

    from india_ims.gst_india.memory import cyclic_gc_paused
    from india_ims.gst_india.payload.getinv import read_getinv

    row = {"stin": "27AAPFU0939F1ZV", "inum": "A1", "idt": "03-10-2026", "rtnprd": "102026", "val": 1,
           "txval": 1, "iamt": 0, "camt": 0, "samt": 0, "cess": 0}
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():  # nested: the inner one leaves it to the outer
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(Exception, match="field 'idt'"):
        read_getinv({"b2b": [{**row, "idt": "bad"}]})
    assert gc.isenabled()  # restored when reading fails too
    gc.disable()
    try:
        read_getinv({"b2b": [row]})
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
