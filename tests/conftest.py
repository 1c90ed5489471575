import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "gongshu-2021.txt"


@pytest.fixture(scope="session")
def seed_path():
    return SEED


@pytest.fixture(scope="session")
def seed_plan():
    from respgraph.ingest import parse_file

    return parse_file(SEED)
