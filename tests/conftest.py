import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE_MONTH = REPO / "india_ims" / "data" / "sample_month"
EXAMPLES = SHARED / "spec" / "examples"


def load_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def sample_ims_payload():
    return load_json(SAMPLE_MONTH / "ims.json")


@pytest.fixture(scope="session")
def examples_dir():
    if not EXAMPLES.is_dir():
        pytest.skip("shared/spec/examples is not beside this checkout")
    return EXAMPLES
