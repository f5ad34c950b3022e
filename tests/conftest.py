import json
from datetime import date
from pathlib import Path

import pytest

from india_ims.gst_india.periods import TODAY_VARIABLE

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE_MONTH = REPO / "india_ims" / "data" / "sample_month"
# Copies of shared/spec/examples, so the suite never depends on what sits beside the clone.
EXAMPLES = REPO / "tests" / "fixtures" / "gstn_examples"
# Every test runs on this day: the generator, the sandbox and the CLI read "today" through
# india_today(), which honours INDIA_IMS_TODAY. A test about another day sets it itself.
TODAY = date(2026, 11, 30)


@pytest.fixture(scope="session", autouse=True)
def pinned_today():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TODAY_VARIABLE, TODAY.isoformat())
        yield TODAY


def load_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def sample_ims_payload():
    return load_json(SAMPLE_MONTH / "ims.json")


@pytest.fixture(scope="session")
def examples_dir():
    return EXAMPLES
