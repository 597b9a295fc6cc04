"""``jbr serve``: dashboard, open data, JSON API and delivery portal over the store."""

from __future__ import annotations

from pathlib import Path

from .config import default_db


def serve(
    db: Path | str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    out: Path | str = "out",
    max_upload_mb: float = 200,
    lang: str = "nl",
    behind_proxy: bool = False,
    upload_memory_mb: float = 2048,
    upload_seconds: float = 120,
    upload_workers: int = 2,
    sign_in_attempts: int = 10,
) -> None:
    """SPEC §2 ``jbr serve``: dashboard, open data, JSON API and delivery portal over the store.

    ``behind_proxy``: TLS ends at a reverse proxy on this host (cookies ``Secure``, HSTS,
    the client address from its forwarded headers). ``upload_*``: the caps of the worker
    process that reads an upload. ``sign_in_attempts``: failed sign-ins per client address
    in 5 minutes before 429."""
    from ..publish.urls import public_base_url
    from ..web import Settings
    from ..web import serve as run
    from ..web.worker import Limits

    public_base_url()  # the pages it renders name the public address, if one is set

    settings = Settings(
        db=Path(db or default_db()),
        out=Path(out),
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        lang=lang,
        upload_limits=Limits(
            memory_bytes=int(upload_memory_mb * 1024 * 1024),
            seconds=upload_seconds,
            workers=upload_workers,
        ),
        behind_proxy=behind_proxy,
        sign_in_attempts=sign_in_attempts,
    )
    run(settings, host=host, port=port)
