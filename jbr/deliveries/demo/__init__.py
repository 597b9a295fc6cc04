"""Synthetic deliveries for every theme, all ministries, 2017–2024 (``jbr demo``).

Deterministic given the seed. Each domain module writes its own files in the
formats suppliers really use; this package only orchestrates and records what
was written, so a demo directory can be reused once complete.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Literal

Scale = Literal["small", "full"]
DEFAULT_SEED = 2024
YEARS = range(2017, 2025)
MARKER = ".jbr-demo.json"


def write_demo(out: Path, scale: Scale = "small", seed: int = DEFAULT_SEED) -> list[Path]:
    """Write all demo deliveries under ``out``; returns the files, in a stable order."""
    from .estate import write as estate
    from .information import write as information
    from .personnel import write as personnel

    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for write in (personnel, information, estate):
        files += write(out, scale, seed)
    files = sorted(set(files))
    marker = {
        "scale": scale,
        "seed": seed,
        "generator": generator_fingerprint(),
        "files": [str(p.relative_to(out)) for p in files],
    }
    (out / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return files


@cache
def generator_fingerprint() -> str:
    """SHA-256 over this generator's code and the code lists it draws from: a demo written
    by another version of the generator is not reused (it would hold other figures)."""
    here = Path(__file__).parent
    sources = sorted(here.glob("*.py")) + sorted((here.parents[1] / "codelists" / "data").glob("*"))
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def existing_demo(out: Path, scale: Scale, seed: int = DEFAULT_SEED) -> list[Path] | None:
    """The files of a complete earlier demo with the same scale, seed and generator, else None."""
    marker = out / MARKER
    if not marker.is_file():
        return None
    info = json.loads(marker.read_text(encoding="utf-8"))
    if (info.get("scale"), info.get("seed")) != (scale, seed):
        return None
    if info.get("generator") != generator_fingerprint():
        return None
    files = [out / f for f in info["files"]]
    return files if all(f.is_file() for f in files) else None


DEMO_MARK = "(demo)"  # every demo supplier's name ends with it (api.demo_store)


# Who delivers a demo file, by the first part of its name: the shared service that
# really delivers the theme to the JBR team, or the ministry itself; each marked as demo
# so that no reader takes the synthetic figures for theirs.
SHARED_SERVICES = {
    "personeel": "P-Direkt (demo)",
    "tarieven": "BZK, Handleiding Overheidstarieven (demo)",
    "gebouwen": "Rijksvastgoedbedrijf (demo)",
    "energie": "Rijksvastgoedbedrijf (demo)",
    "bezetting": "Rijksvastgoedbedrijf (demo)",
    "graaddagen": "KNMI (demo)",
    "vliegreizen": "Rijksreisbureau (demo)",
}
# Per-ministry files: the ministry's department that delivers them.
MINISTRY_DEPARTMENTS = {
    "hr": "HR",
    "info": "CIO-office",
    "inkoop": "Inkoop",
    "woo": "Woo-coördinatie",
}


def demo_supplier(path: Path) -> str:
    """The supplier a demo file is recorded under (lineage, data-quality annex)."""
    from ...codelists import ministry_by_code

    parts = path.stem.split("_")
    if parts[0] in SHARED_SERVICES:
        return SHARED_SERVICES[parts[0]]
    ministry = next((ministry_by_code()[p] for p in parts if p in ministry_by_code()), None)
    department = MINISTRY_DEPARTMENTS.get(parts[0])
    if ministry is not None and department is not None:
        return f"{department} {ministry.code} (demo)"
    return f"Demo-levering {DEMO_MARK}"
