"""The store: schema, transactional load, lineage and history (SPEC §3)."""

from .connection import connect
from .guard import StoreError
from .load import LoadOutcome, load_files

__all__ = ["LoadOutcome", "StoreError", "connect", "load_files"]
