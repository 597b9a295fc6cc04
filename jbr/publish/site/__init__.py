"""``site/``: the static dashboard (SPEC §6, issue 8), one idea per module.

Only published figures (the store's publication snapshots, ``releases.from_store``)
reach the site: a year under embargo has no page, no table cell and no chart point.
Every page is a file (some 14,000 on the full demo); links between them are relative
and name the file (``…/index.html``), so the site works as plain files with no server
(SPEC §6 "the static output stands alone"). Filters are plain links to these pages;
``assets/site.js`` turns the link lists into select boxes. No inline script or style
(the server's CSP forbids them). Rendering is pure (``Site`` in, HTML out) and
``render_path`` renders any page by its URL path, so a server can render per request as
well as serve the files.

The modules, each importing only those above it:

- ``templates``: the Jinja environment; ``Page``, a page as its template receives it;
- ``words``: the site's words in Dutch and English, a ministry's name;
- ``urls``: the pages' paths, the links between them, downloads' paths, permanent URLs;
- ``model``: ``Site``, what the pages show, built from the releases (``build_site``);
- ``tables``: the tables pages show and offer as downloads;
- ``layout``: what every page shares (frame, year filter, download links, cells);
- ``pages``: the overviews, a ministry's page, the open-data page;
- ``indicator_pages``: an indicator's Rijk page and each ministry's figure page;
- ``routing``: every page of the site (``all_pages``), a page by its path (``render_path``);
- ``state``: which publications the written site shows (read by ``jbr serve``);
- ``write``: the files of ``site/`` and ``opendata/`` (``write_site``), and the report's
  table downloads.

Importers name the module that holds what they use; this package imports none of them,
so reading ``state`` stays cheap.
"""
