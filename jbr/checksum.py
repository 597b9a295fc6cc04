"""The SHA-256 of a file, read in chunks: how jbr recognises a delivery it already holds,
checks an exported store, fingerprints a build and publishes open-data checksums.

A foundation module: it imports nothing of jbr.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20  # 1 MiB: large deliveries are never read into memory whole


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()
