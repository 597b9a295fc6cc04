"""The delivery themes of the Woo: requests, suspensions of their terms, active disclosure.

SPEC §3 and §5.2; the indicators are declared in ``definitions/woo.toml``.
"""

from __future__ import annotations

from ..declaration import Column, Theme, Via
from .shared import boolean, jaar, ministerie, not_before

WOO_VERZOEKEN = Theme(
    name="woo_verzoeken",
    label_nl="Woo-verzoeken",
    label_en="Woo requests",
    row_nl="Woo-verzoek",
    row_en="Woo request",
    columns=(
        Column(
            "verzoek_id",
            "string",
            "Uniek kenmerk van het verzoek.",
            "Unique request id.",
            required=True,
            max_length=64,
            example="WOO-2024-0001",
        ),
        ministerie(),
        Column(
            "ontvangen",
            "date",
            "Datum van ontvangst.",
            "Date received.",
            required=True,
            example="2024-03-01",
        ),
        Column(
            "besluit",
            "date",
            "Datum van het besluit; leeg = nog open.",
            "Decision date; empty = still open.",
            example="2024-04-02",
        ),
        boolean(
            "verdaagd",
            "Termijn rechtmatig met twee weken verdaagd.",
            "Term lawfully extended by two weeks.",
        ),
        Column(
            "afgesproken_termijn",
            "date",
            "Met de verzoeker afgesproken (latere) datum.",
            "(Later) date agreed with the requester.",
            example="",
        ),
        Column(
            "uitkomst",
            "string",
            "openbaar, deels, niet, ingetrokken of niet_ontvankelijk.",
            "openbaar, deels, niet, ingetrokken or niet_ontvankelijk.",
            values=("openbaar", "deels", "niet", "ingetrokken", "niet_ontvankelijk"),
            example="deels",
        ),
        Column(
            "ingebrekestelling",
            "date",
            "Datum van ontvangst van de ingebrekestelling.",
            "Date the notice of default was received.",
            example="",
        ),
        Column(
            "documenten",
            "integer",
            "Aantal beoordeelde documenten.",
            "Documents assessed.",
            minimum=0,
            example="12",
        ),
        Column(
            "paginas", "integer", "Aantal pagina's.", "Number of pages.", minimum=0, example="140"
        ),
    ),
    key=("verzoek_id",),
    ministry="ministerie",
    year="ontvangen",
    code_date="ontvangen",
    checks=(
        not_before(
            "besluit_voor_ontvangst",
            "besluit",
            "ontvangen",
            "een besluit kan niet eerder zijn dan de ontvangst.",
            "a decision cannot precede receipt.",
        ),
        not_before(
            "afspraak_voor_ontvangst",
            "afgesproken_termijn",
            "ontvangen",
            "een afgesproken termijn ligt na de ontvangst.",
            "an agreed date lies after receipt.",
        ),
        not_before(
            "ingebrekestelling_voor_ontvangst",
            "ingebrekestelling",
            "ontvangen",
            "een ingebrekestelling volgt op het verzoek.",
            "a notice of default follows the request.",
        ),
    ),
)

WOO_OPSCHORTINGEN = Theme(
    name="woo_opschortingen",
    label_nl="Opschortingen van Woo-termijnen",
    label_en="Suspensions of Woo terms",
    row_nl="opschorting van de termijn van een verzoek",
    row_en="suspension of a request's term",
    columns=(
        Column(
            "verzoek_id",
            "string",
            "Kenmerk van het verzoek (zie woo_verzoeken).",
            "Request id (see woo_verzoeken).",
            required=True,
            max_length=64,
            example="WOO-2024-0001",
        ),
        Column(
            "van",
            "date",
            "Eerste dag van de opschorting.",
            "First day of the suspension.",
            required=True,
            example="2024-03-10",
        ),
        Column(
            "tot",
            "date",
            "Laatste dag van de opschorting (inclusief).",
            "Last day of the suspension (inclusive).",
            required=True,
            example="2024-03-24",
        ),
        Column(
            "reden",
            "string",
            "aanvulling of zienswijze.",
            "aanvulling or zienswijze.",
            values=("aanvulling", "zienswijze"),
            example="zienswijze",
        ),
    ),
    key=("verzoek_id", "van"),
    ministry=Via("woo_verzoeken", "verzoek_id"),
    year=Via("woo_verzoeken", "verzoek_id"),
    checks=(
        not_before(
            "tot_voor_van",
            "tot",
            "van",
            "een opschorting eindigt na haar begin.",
            "a suspension ends after it starts.",
        ),
    ),
)

OPENBAARMAKING = Theme(
    name="openbaarmaking",
    label_nl="Actieve openbaarmaking",
    label_en="Active disclosure",
    row_nl="ministerie × Woo-informatiecategorie per jaar",
    row_en="ministry × Woo information category per year",
    columns=(
        ministerie(),
        jaar(),
        Column(
            "categorie",
            "code",
            "Informatiecategorie van Woo art. 3.3.",
            "Information category of Woo art. 3.3.",
            required=True,
            codelist="woo_categorie",
            example="adviezen",
        ),
        Column(
            "documenten",
            "integer",
            "Actief openbaar gemaakte documenten.",
            "Documents actively published.",
            required=True,
            minimum=0,
            example="850",
        ),
    ),
    key=("ministerie", "jaar", "categorie"),
    ministry="ministerie",
    year="jaar",
)
