"""The web stage (SPEC §2 ``jbr serve``): JSON API, delivery portal, dashboard and open data."""

from .app import create_app, serve
from .gate import Settings

__all__ = ["Settings", "create_app", "serve"]
