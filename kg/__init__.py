"""conflict-kg: war reporting in, a validated knowledge graph out."""
from __future__ import annotations

__version__ = "0.1.0"
