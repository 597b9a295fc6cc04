"""``jbr demo`` and ``jbr template``: the bundled demo deliveries and a theme's template."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Progress = Callable[[str], None]


def demo(out: Path | str, scale: str = "small", seed: int | None = None) -> list[Path]:
    from ..deliveries.demo import DEFAULT_SEED, write_demo

    return write_demo(Path(out), scale, DEFAULT_SEED if seed is None else seed)  # type: ignore[arg-type]


def demo_files(
    directory: Path | str,
    scale: str = "full",
    seed: int | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """The bundled demo: generated once into ``directory`` and reused afterwards."""
    from ..deliveries.demo import DEFAULT_SEED, existing_demo, write_demo

    seed = DEFAULT_SEED if seed is None else seed
    found = existing_demo(Path(directory), scale, seed)  # type: ignore[arg-type]
    if found is not None:
        return found
    if progress:
        progress(f"demo ({scale}) genereren in {directory}")
    return write_demo(Path(directory), scale, seed)  # type: ignore[arg-type]


def template(
    theme: str, out: Path | str | None = None, year: int | None = None, lang: str = "nl"
) -> Path:
    from ..deliveries.template import write_template

    return write_template(theme, Path(out or f"{theme}_sjabloon.xlsx"), year=year, lang=lang)
