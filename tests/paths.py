"""Where the tests find the project, their fixtures and ../shared, from any test folder."""
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
SHARED = ROOT.parent / "shared"
