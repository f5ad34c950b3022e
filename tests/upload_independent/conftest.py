import pytest

from india_ims.gst_india.periods import TODAY_VARIABLE

from .world import TODAY, World


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """4 December 2026, whatever the machine's date (and the suite-wide pin) says."""
    monkeypatch.setenv(TODAY_VARIABLE, TODAY.isoformat())
    return TODAY


@pytest.fixture
def make_world(tmp_path):
    worlds = []

    def make(**options) -> World:
        world = World(_dir(tmp_path, len(worlds)), **options)
        worlds.append(world)
        return world

    yield make
    for world in worlds:
        world.close()


def _dir(tmp_path, n):
    path = tmp_path / f"w{n}"
    path.mkdir()
    return path
