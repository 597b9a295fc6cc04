"""The dashboard and open data written by ``jbr build`` (``OUT/site``, ``OUT/opendata``),
served with the embargo applied once more.

The build already leaves unpublished years out; publication only ever grows, so a
build stays safe. The server still refuses any URL naming an unpublished year (a
path segment that is a year, like ``/indicator/woo.within_term_pct/2023/FIN``, or
``?year=2023``) with the same 404 as a page that does not exist.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from ..locale import text
from .api_routes.reading import published
from .fresh import site_is_current
from .gate import StoreGate

router = APIRouter()
YEAR = re.compile(r"^(19|20)\d\d$")

NOT_FOUND_HTML = f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{text("web.site.niet_gevonden", "nl")} — JBR</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/portal/portal.css"></head>
<body><main><h1>{text("web.site.niet_gevonden", "nl")}</h1>
<p>{text("web.site.bestaat_niet", "nl")}</p>
<p><a href="/">{text("web.site.naar_overzicht", "nl")}</a></p></main></body></html>"""


def not_found() -> HTMLResponse:
    return HTMLResponse(NOT_FOUND_HTML, status_code=404)


def years_named(path: str, query_year: str | None) -> set[int]:
    """Every year a URL names: whole path segments (``2023``, ``2023.html``) and ``?year=``."""
    years = set()
    for part in path.split("/"):
        stem = part.split(".", 1)[0]
        if YEAR.match(stem):
            years.add(int(stem))
    if query_year and query_year.strip().isdigit():
        years.add(int(query_year.strip()))
    return years


def resolve(root: Path, path: str) -> Path | None:
    """The file under ``root`` for a URL path, never outside it; None when there is none."""
    parts = [p for p in path.split("/") if p]
    if any(p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    base = root.resolve()
    target = root.joinpath(*parts) if parts else root
    candidates = [target / "index.html"] if target.is_dir() else [target]
    if not path.endswith("/") and parts:
        candidates.append(target.with_name(target.name + ".html"))
    for c in candidates:
        try:
            real = c.resolve()
        except OSError:
            continue
        if real.is_file() and real.is_relative_to(base):
            # The path as asked (not the real one): a rebuilt site swapped in under the same
            # name is followed, a removed one gives FileNotFoundError.
            return c
    return None


SMALL_FILE = 1 << 20  # pages, styles, charts: kept in memory; larger downloads stream
_files: dict[Path, tuple[tuple[int, int], bytes]] = {}
_resolved: dict[tuple[Path, str], Path] = {}  # URL path → file, for paths that were found


def _file_response(found: Path) -> Response:
    """A small file from memory (re-read when its size or mtime changes), else streamed."""
    st = found.stat()
    if st.st_size > SMALL_FILE:
        return FileResponse(found)
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _files.get(found)
    if cached is None or cached[0] != stamp:
        cached = (stamp, found.read_bytes())
        if len(_files) > 4096:
            _files.clear()
        _files[found] = cached
    media_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    if media_type.startswith("text/") or media_type in ("application/json", "image/svg+xml"):
        media_type += "; charset=utf-8"
    return Response(cached[1], media_type=media_type)


async def _serve(request: Request, root: Path, path: str) -> Response:
    """Embargo check, then the file; published years come from the cache when it is warm."""
    gate = request.app.state.gate
    years = gate.peek("publications")
    if years is StoreGate.MISSING:
        years = await run_in_threadpool(published, gate)
    if years_named(path, request.query_params.get("year")) - set(years):
        return not_found()
    if root.name == "site" and (path == "index.html" or path.endswith("/index.html")):
        # the written pages name their file (so they work from file://); here a page keeps
        # its permanent URL, the folder
        return _redirect(request, "/" + path[: -len("index.html")])
    if root.name == "site" and not site_is_current(years, root.parent):
        # a publication newer than the files (a correction): its pages from the store
        html = await _page(gate, path)
        if html is not None:
            return HTMLResponse(html)
    key = (root, path)
    found = _resolved.get(key) or resolve(root, path)
    if found is None:
        if root.name == "site" and RENDERED.match(path):
            return await _rendered(gate, path)
        return not_found()
    try:
        response = _file_response(found)
    except FileNotFoundError:  # removed by a new build since it was resolved
        _resolved.pop(key, None)
        return not_found()
    if len(_resolved) > 16384:
        _resolved.clear()
    _resolved[key] = found
    return response


# The build writes every figure page; one missing from OUT/site (a year published with
# `jbr publish --no-site` and not yet written) is rendered on request by jbr.publish.site.routing
# from the published snapshots, as the build would write it.
RENDERED = re.compile(r"^(en/)?indicator/[^/]+/(19|20)\d\d/[^/]+/?$")


async def _rendered(gate: StoreGate, path: str) -> Response:
    html = await _page(gate, path)
    return not_found() if html is None else HTMLResponse(html)


async def _page(gate: StoreGate, path: str) -> str | None:
    """The page at ``path`` rendered from the store (once per store state), or None."""
    key = ("page", path.rstrip("/"))
    html = gate.peek(key)
    if html is StoreGate.MISSING:
        html = await run_in_threadpool(gate.cached, key, lambda: _render(gate, path))
    return html  # type: ignore[no-any-return]


def _render(gate: StoreGate, path: str) -> str | None:
    """The page at ``path`` from the site model, built once per store state (under the lock)."""
    from ..publish.releases import from_store
    from ..publish.site.model import build_site
    from ..publish.site.routing import render_path
    from ..publish.urls import public_base_url

    def model() -> object:
        return build_site(from_store(gate.db), public_base_url())

    site = gate.cached("site-model", model)
    return render_path(site, "/" + path)  # type: ignore[arg-type]


def _redirect(request: Request, to: str) -> Response:
    """A permanent redirect to a path of this server, never to another host (``//host``
    or ``/\\host`` would be one): empty segments are dropped, a backslash is refused."""
    if "\\" in to:
        return not_found()
    parts = [p for p in to.split("/") if p]
    local = "/" + "/".join(parts) + ("/" if parts and to.endswith("/") else "")
    query = request.url.query
    return RedirectResponse(local + (f"?{query}" if query else ""), status_code=308)


@router.get("/site/{path:path}", include_in_schema=False)
async def site_folder(request: Request, path: str) -> Response:
    """``site/X`` as the open data names it without a base URL (``../site/X`` from
    ``opendata/``): the site is served at the root, so ``/site/X`` is ``/X``."""
    return _redirect(request, "/" + path)


@router.get("/opendata/{path:path}", include_in_schema=False)
async def opendata(request: Request, path: str) -> Response:
    return await _serve(request, request.app.state.settings.out / "opendata", path)


@router.get("/{path:path}", include_in_schema=False)
async def site(request: Request, path: str) -> Response:
    return await _serve(request, request.app.state.settings.out / "site", path)
