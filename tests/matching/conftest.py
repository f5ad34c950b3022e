import json

import pytest

from india_ims.data import SAMPLE_MONTH
from india_ims.gst_india.matching import read_purchase_register
from india_ims.gst_india.payload.ims import parse_getinv
from india_ims.synthetic import generate_month


@pytest.fixture(scope="session")
def sample_month():
    with open(SAMPLE_MONTH / "ims.json", encoding="utf-8") as handle:
        records = parse_getinv(json.load(handle))
    return records, read_purchase_register(SAMPLE_MONTH / "purchases.csv")


@pytest.fixture(scope="session")
def generated_messy():
    return generate_month(seed=21, n_ims=1500, profile="messy")
