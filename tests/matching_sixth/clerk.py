"""The clerk: decides which habits touch one books entry, and applies them.

At most one habit per group. A difference that changes tax (groups ``tax`` and ``gstin``) comes
alone or with one clerical slip, never with two of renumbering, redating and retyping: a pair that is wrong
in three ways at once is no longer "the same document beyond reasonable doubt".
"""

from __future__ import annotations

import random

from .bills import Draft
from .habits import GROUPS, HABITS
from .profiles import Profile
from .world import World

ORDER = ("tax", "gstin", "type", "number", "text", "date", "rounding", "harmless")
CLERICAL = ("number", "date", "type")
CHANGES_TAX = ("tax", "gstin")


def _draw(rng: random.Random, names, profile: Profile, draft: Draft, world: World) -> str | None:
    """Weighted draw without replacement until a habit applies to this document."""
    pool = [n for n in names if profile.weights.get(n, 0) > 0]
    while pool:
        name = rng.choices(pool, [profile.weights[n] for n in pool])[0]
        if HABITS[name](rng, draft, world):
            return name
        pool.remove(name)
    return None


def apply_habits(rng: random.Random, draft: Draft, profile: Profile, world: World,
                 groups: tuple[str, ...] = ORDER) -> list[str]:
    applied: list[str] = []
    touched: set[str] = set()
    for group in groups:
        if rng.random() >= profile.groups.get(group, 0):
            continue
        if group in CHANGES_TAX and touched & set(CHANGES_TAX):
            continue
        if group in CLERICAL and touched & set(CHANGES_TAX) and touched & set(CLERICAL):
            continue
        name = _draw(rng, GROUPS[group], profile, draft, world)
        if name:
            applied.append(name)
            touched.add(group)
    draft.habits.extend(applied)
    return applied


def apply_one(rng: random.Random, draft: Draft, names, profile: Profile, world: World) -> str | None:
    """One habit from a given list, whatever the profile's group probabilities (used by traps)."""
    name = _draw(rng, names, profile, draft, world)
    if name:
        draft.habits.append(name)
    return name
