"""The JSON API (SPEC §2): published figures for everyone, deliveries for their supplier.

``/api/indicators`` serves only published years, from the snapshot taken by
``jbr publish`` (suppressed figures without a value). A year under embargo is
404, the same answer as a year without data, so the API does not even tell
whether figures exist.

The modules, each importing only those above it:

- ``models``: the answers' shapes as the OpenAPI document shows them;
- ``ministries``: a ministry code in any case, and the 422 for an unknown one;
- ``reading``: the store read behind the gate, cached by its state;
- ``tokens``: the token a request signs in with (``Authorization: Bearer``);
- ``figures``: ``/api/indicators`` and ``/api/publications``;
- ``deliveries``: ``/api/deliveries``, a supplier's own uploads and a new one.

Every answer's text is Dutch, from the catalogue (``jbr/locale/*/opslag.toml``).
"""

from fastapi import APIRouter

from . import deliveries, figures

router = APIRouter(prefix="/api")
router.include_router(figures.router)
router.include_router(deliveries.router)
