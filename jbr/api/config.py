"""Defaults the API takes from the environment (SPEC §2): the store and the engine."""

from __future__ import annotations

import os
from pathlib import Path


def default_db() -> Path:
    """SPEC §2: ``--db`` / ``JBR_DB``; default ``jbr.duckdb`` in the working directory."""
    return Path(os.environ.get("JBR_DB", "jbr.duckdb"))


def default_engine() -> str:
    return os.environ.get("JBR_ENGINE", "duckdb")
