from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

# The project is not installed in every environment the tests run in; make `assistant` importable.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))


@pytest.fixture
def today() -> datetime.date:
    """A fixed "today", so relative dates in questions are reproducible."""
    return datetime.date(2026, 5, 10)
