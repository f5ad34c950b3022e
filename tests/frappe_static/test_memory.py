"""``memory.without_cyclic_gc``: collection is off while the job runs and as it was afterwards."""

import gc

import pytest

from india_ims.ims.memory import without_cyclic_gc


def test_collection_is_off_inside_and_on_again_after():
    seen = []
    run = without_cyclic_gc(lambda: seen.append(gc.isenabled()) or "done")
    gc.enable()
    assert run() == "done"
    assert seen == [False]
    assert gc.isenabled()


def test_collection_comes_back_after_an_error():
    def fails():
        raise ValueError("bad row")

    gc.enable()
    with pytest.raises(ValueError, match="bad row"):
        without_cyclic_gc(fails)()
    assert gc.isenabled()


def test_collection_left_off_by_the_caller_stays_off():
    gc.disable()
    try:
        without_cyclic_gc(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()
