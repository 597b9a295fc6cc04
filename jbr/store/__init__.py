"""The store: schema, transactional load, lineage and history (SPEC §3)."""

from .load import LoadOutcome, StoreError, connect, load_files

__all__ = ["LoadOutcome", "StoreError", "connect", "load_files"]
