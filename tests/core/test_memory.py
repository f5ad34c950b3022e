"""``memory.cyclic_gc_paused`` as a decorator: collection is off while the job runs, as it was after."""

import gc

import pytest

from india_ims.gst_india.memory import cyclic_gc_paused


def test_collection_is_off_inside_and_on_again_after():
    seen = []
    run = cyclic_gc_paused()(lambda: seen.append(gc.isenabled()) or "done")
    gc.enable()
    assert run() == "done"
    assert seen == [False]
    assert gc.isenabled()


def test_collection_comes_back_after_an_error():
    def fails():
        raise ValueError("bad row")

    gc.enable()
    with pytest.raises(ValueError, match="bad row"):
        cyclic_gc_paused()(fails)()
    assert gc.isenabled()


def test_collection_left_off_by_the_caller_stays_off():
    gc.disable()
    try:
        cyclic_gc_paused()(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()
