import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE_MONTH = REPO / "india_ims" / "data" / "sample_month"
# Copies of shared/spec/examples, so the suite never depends on what sits beside the clone.
EXAMPLES = REPO / "tests" / "fixtures" / "gstn_examples"


def load_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def sample_ims_payload():
    return load_json(SAMPLE_MONTH / "ims.json")


@pytest.fixture(scope="session")
def examples_dir():
    return EXAMPLES
