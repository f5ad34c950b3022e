"""Records a browser test adds to the world's sandbox portal, made from one already on it, so the
next download brings them as GSTN would (the portal is served from another thread: one lock)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def add_from(world, pick: Callable, make: Callable[[object], Iterable]) -> None:
    """The records ``make(base)`` on the portal, ``base`` the first record in IMS that ``pick``
    accepts; a record already there (a test run before on the same world) is left as it is."""
    from india_ims.gst_india.rules import RecordState

    portal = world.sandbox.portal
    with portal.lock:
        base = next(state.record for state in portal.states.values() if state.in_ims and pick(state.record))
        for record in make(base):
            if record.key not in portal.states:
                portal.states[record.key] = RecordState(record)
