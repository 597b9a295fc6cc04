"""The software a result was made with: a fingerprint of jbr's own files and the versions
of its dependencies. A foundation module (it imports nothing of jbr but ``checksum``): the
build manifest, the indicator cache and the incremental build all key on it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from pathlib import Path

from .checksum import file_sha256

PACKAGE = Path(__file__).parent


def code_fingerprint() -> str:
    """Every file of the jbr package (code, code lists, templates), so any change counts."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(str(path.relative_to(PACKAGE)).encode())
            h.update(file_sha256(path).encode())
    return h.hexdigest()


def dependency_versions() -> dict[str, str]:
    """Installed versions of jbr's own dependencies (a new DuckDB or WeasyPrint may differ)."""
    out: dict[str, str] = {}
    try:
        required = importlib.metadata.requires("jbr") or []
    except importlib.metadata.PackageNotFoundError:
        return out
    for spec in required:
        if "extra ==" in spec:
            continue
        name = re.split(r"[ ;<>=!~\[]", spec, maxsplit=1)[0]
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = ""
    return out
