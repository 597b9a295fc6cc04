"""The portal's acceptance rule: a supplier delivers only rows of its own ministry, and does
not replace what another portal supplier delivered (checked for every file, an identical
one too, just before its rows are stored)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ...deliveries.problems import Problem
from ...deliveries.validate import CheckedSheet
from ...locale import text
from ...store.access.tokens import Token, portal_suppliers
from .problems import portal_problem


def own_ministry_only(token: Token, lang: str):  # type: ignore[no-untyped-def]
    """The portal's acceptance rule for ``load_files``: a supplier delivers only rows of its
    own ministry, and does not replace what another portal supplier delivered."""

    def accept(
        con: duckdb.DuckDBPyConnection, path: Path, sheets: list[CheckedSheet]
    ) -> list[Problem]:
        problems: list[Problem] = []
        others = portal_suppliers(con) - {token.supplier}
        for s in sheets:
            column = s.theme.ministry if isinstance(s.theme.ministry, str) else None
            foreign = con.execute(
                f"SELECT _ministerie, count(*), min(_row) FROM {s.typed} "
                "WHERE _ministerie IS DISTINCT FROM ? GROUP BY ALL ORDER BY 3",
                [token.ministerie],
            ).fetchall()
            for ministry, rows, first in foreign:
                problems.append(
                    portal_problem(
                        path.name,
                        "ander_ministerie",
                        text(
                            "portaal.probleem.ander_ministerie",
                            lang,
                            rows=rows,
                            ministry=ministry,
                            own=token.ministerie,
                        ),
                        text("portaal.advies.ander_ministerie", lang),
                        sheet=s.raw.sheet,
                        row=first,
                        column=column,
                        value=ministry,
                    )
                )
            if foreign or not others:
                continue
            taken = con.execute(
                f"""SELECT DISTINCT t._jaar FROM (SELECT DISTINCT _ministerie, _jaar FROM {s.typed}) t
                    JOIN (SELECT ministerie, jaar, max(delivery_id) AS delivery_id FROM coverage
                          WHERE theme = ? GROUP BY ALL) c
                      ON c.ministerie = t._ministerie AND c.jaar IS NOT DISTINCT FROM t._jaar
                    JOIN deliveries d ON d.delivery_id = c.delivery_id
                    WHERE d.supplier IN (SELECT unnest(?::VARCHAR[]))""",
                [s.theme.name, sorted(others)],
            ).fetchall()
            for (year,) in taken:
                problems.append(
                    portal_problem(
                        path.name,
                        "andere_leverancier",
                        text(
                            "portaal.probleem.andere_leverancier",
                            lang,
                            theme=s.theme.name,
                            year=year or "",
                            own=token.ministerie,
                        ),
                        sheet=s.raw.sheet,
                        column="ministerie",
                        value=token.ministerie,
                    )
                )
        return problems

    return accept
