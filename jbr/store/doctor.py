"""``jbr doctor``: is this store whole? (SPEC §3, issue 9)

Six checks, each a few set-based queries over the store opened read-only:

- ``schema``: the schema version is this jbr's, every table has its columns;
- ``lineage``: every theme row names its delivery, row and ministry (and its
  sheet when the delivery was an xlsx file);
- ``zonder_levering``: no theme or coverage row points at a delivery that is not
  in ``deliveries``;
- ``dekking``: coverage counts are the rows actually stored per (delivery,
  ministry, year), and each delivery's row total and theme list agree;
- ``geschiedenis``: the seal chain over deliveries and coverage is unbroken
  (nothing deleted or changed since it was stored, see ``chain``);
- ``inhoud``: the stored rows of every delivery still have the digest sealed
  when it was loaded;
- ``wederhoor``: the review's events (sendings, approvals, comments, overrides) form an
  unbroken seal chain and each sending still holds the figures it sealed (``review``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from ..deliveries.themes import THEMES
from . import chain, review
from .columns import LINEAGE_COLUMNS
from .connection import connect
from .guard import StoreError
from .schema import SCHEMA_VERSION, stored_version

CHECKS = (
    "schema", "lineage", "zonder_levering", "dekking", "geschiedenis", "inhoud", "wederhoor",
)  # fmt: skip
OK, FOUT = "OK", "FOUT"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    hint: str = ""

    @property
    def status(self) -> str:
        return OK if self.ok else FOUT

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"status": self.status}


def diagnose(db: Path | str, lang: str = "nl") -> list[Check]:
    """Every check on the store ``db``, opened read-only; raises StoreError if it cannot open."""
    if not Path(db).is_file():
        raise StoreError(
            f"De store {db} bestaat niet." if lang == "nl" else f"The store {db} does not exist."
        )
    con = connect(db, read_only=True)
    try:
        return [_run(name, con, lang) for name in CHECKS]
    finally:
        con.close()


def _run(name: str, con: duckdb.DuckDBPyConnection, lang: str) -> Check:
    nl = lang == "nl"
    try:
        return RUNNERS[name](con, nl)
    except duckdb.Error as e:  # e.g. a table is missing: the schema check says which
        text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return Check(
            name,
            False,
            f"controle niet uit te voeren: {text}" if nl else f"check could not run: {text}",
            "zie de controle schema" if nl else "see the schema check",
        )


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = "
        "current_database() AND schema_name = 'main' ORDER BY table_name, column_index"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _list(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit})" if len(items) > limit else "")


def _verdict(
    name: str, nl: bool, problem: str, hint: tuple[str, str], good: tuple[str, str]
) -> Check:
    """Failed with ``problem`` and ``hint`` when there is a problem, else passed with
    ``good``; the texts as (Dutch, English)."""
    language = 0 if nl else 1
    if problem:
        return Check(name, False, problem, hint[language])
    return Check(name, True, good[language])


def check_schema(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    tables = _tables(con)
    version = stored_version(con)
    wrong: list[str] = []
    for table in ("jbr_meta", "deliveries", "coverage", "delivery_seals"):
        if table not in tables:
            wrong.append(f"{table} ontbreekt" if nl else f"{table} missing")
    for name, theme in THEMES.items():
        expected = [*theme.column_names, *(n for n, _ in LINEAGE_COLUMNS)]
        found = tables.get(name)
        if found is None:
            wrong.append(f"{name} ontbreekt" if nl else f"{name} missing")
        elif missing := [c for c in expected if c not in found]:
            wrong.append(f"{name}: {_list(missing)}")
    if version != SCHEMA_VERSION:
        older = version is not None and version < SCHEMA_VERSION
        detail = (
            f"schemaversie {version}, deze jbr verwacht {SCHEMA_VERSION}"
            if nl
            else f"schema version {version}, this jbr expects {SCHEMA_VERSION}"
        )
        hint = (
            ("de volgende jbr load werkt de store bij" if nl else "the next jbr load migrates it")
            if older
            else ("werk jbr bij" if nl else "upgrade jbr")
        )
        return Check("schema", False, "; ".join([detail, *wrong]), hint)
    return _verdict(
        "schema",
        nl,
        "; ".join(wrong),
        ("niet door jbr gemaakt of met de hand gewijzigd", "not made by jbr, or changed by hand"),
        (f"versie {version}, alle tabellen compleet", f"version {version}"),
    )


def check_lineage(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    bad: list[str] = []
    for name in THEMES:
        n_delivery, n_row, n_ministry, n_sheet = con.execute(
            f"""SELECT count(*) FILTER (WHERE t._delivery_id IS NULL),
                       count(*) FILTER (WHERE t._row IS NULL OR t._row < 1),
                       count(*) FILTER (WHERE t._ministerie IS NULL),
                       count(*) FILTER (WHERE t._sheet IS NULL
                                        AND regexp_matches(lower(d.file_name), '\\.xls[xm]$'))
                FROM "{name}" t LEFT JOIN deliveries d ON d.delivery_id = t._delivery_id"""
        ).fetchone()  # type: ignore[misc]
        for count, column in (
            (n_delivery, "_delivery_id"),
            (n_row, "_row"),
            (n_ministry, "_ministerie"),
            (n_sheet, "_sheet"),
        ):
            if count:
                bad.append(
                    f"{name}: {count} rijen zonder {column}"
                    if nl
                    else f"{name}: {count} rows without {column}"
                )
    return _verdict(
        "lineage",
        nl,
        "; ".join(bad),
        (
            "rijen buiten jbr load om toegevoegd of gewijzigd",
            "rows added or changed outside jbr load",
        ),
        (
            "elke rij heeft levering, blad, rij en ministerie",
            "every row has delivery, sheet, row and ministry",
        ),
    )


def check_orphans(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    bad: list[str] = []
    sources = [(name, f'"{name}"', "_delivery_id") for name in THEMES]
    sources.append(("coverage", "coverage", "delivery_id"))
    for label, table, column in sources:
        count, ids = con.execute(
            f"""SELECT count(*), list(DISTINCT t.{column} ORDER BY t.{column})
                FROM {table} t ANTI JOIN deliveries d ON d.delivery_id = t.{column}
                WHERE t.{column} IS NOT NULL"""
        ).fetchone()  # type: ignore[misc]
        if count:
            text = _list([str(i) for i in ids])
            bad.append(
                f"{label}: {count} rijen van levering {text} die niet bestaat"
                if nl
                else f"{label}: {count} rows of non-existent delivery {text}"
            )
    return _verdict(
        "zonder_levering",
        nl,
        "; ".join(bad),
        (
            "een levering is uit deliveries verwijderd; zet een kopie terug",
            "a delivery was deleted from deliveries; restore a copy",
        ),
        ("elke rij hoort bij een opgeslagen levering", "every row belongs to a stored delivery"),
    )


def check_coverage(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    bad: list[str] = []
    for name in THEMES:
        rows = con.execute(
            f"""WITH actual AS (SELECT _delivery_id AS delivery_id, _ministerie AS ministerie,
                                       _jaar AS jaar, count(*) AS n
                                FROM "{name}" GROUP BY ALL),
                     claimed AS (SELECT delivery_id, ministerie, jaar, rows AS n
                                 FROM coverage WHERE theme = ?)
                SELECT coalesce(a.delivery_id, c.delivery_id), coalesce(a.ministerie, c.ministerie),
                       coalesce(a.jaar, c.jaar), coalesce(a.n, 0), coalesce(c.n, 0)
                FROM actual a FULL JOIN claimed c
                  ON a.delivery_id = c.delivery_id AND a.ministerie IS NOT DISTINCT FROM c.ministerie
                 AND a.jaar IS NOT DISTINCT FROM c.jaar
                WHERE coalesce(a.n, 0) <> coalesce(c.n, 0)
                ORDER BY 1, 2, 3""",
            [name],
        ).fetchall()
        for delivery_id, ministry, year, actual, claimed in rows:
            bad.append(
                f"{name} levering {delivery_id} {ministry} {year}: {actual} rijen, dekking zegt {claimed}"
                if nl
                else f"{name} delivery {delivery_id} {ministry} {year}: {actual} rows, coverage says {claimed}"
            )
    totals = con.execute(
        """SELECT d.delivery_id, d.rows, coalesce(sum(c.rows), 0),
                  d.themes, coalesce(string_agg(DISTINCT c.theme, ',' ORDER BY c.theme), '')
           FROM deliveries d LEFT JOIN coverage c USING (delivery_id)
           GROUP BY d.delivery_id, d.rows, d.themes
           HAVING d.rows <> coalesce(sum(c.rows), 0)
               OR d.themes <> coalesce(string_agg(DISTINCT c.theme, ',' ORDER BY c.theme), '')
           ORDER BY 1"""
    ).fetchall()
    for delivery_id, rows, covered, themes, covered_themes in totals:
        bad.append(
            f"levering {delivery_id}: {rows} rijen ({themes}), dekking {covered} ({covered_themes})"
            if nl
            else f"delivery {delivery_id}: {rows} rows ({themes}), coverage {covered} ({covered_themes})"
        )
    return _verdict(
        "dekking",
        nl,
        _list(bad, 4),
        (
            "rijen of dekking buiten jbr load om gewijzigd",
            "rows or coverage changed outside jbr load",
        ),
        ("dekking klopt met de opgeslagen rijen", "coverage matches the stored rows"),
    )


PROBLEMS = {
    "verwijderd": ("levering {d} verwijderd", "delivery {d} deleted"),
    "gewijzigd": ("levering {d} gewijzigd", "delivery {d} changed"),
    "zonder_zegel": ("levering {d} zonder zegel", "delivery {d} not sealed"),
    "kop": ("laatste zegel (levering {d}) ontbreekt", "last seal (delivery {d}) missing"),
}


def check_history(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    broken = chain.verify(con)
    count = con.execute("SELECT count(*) FROM deliveries").fetchone()[0]  # type: ignore[index]
    texts = [
        PROBLEMS[b.problem or "gewijzigd"][0 if nl else 1].format(d=b.delivery_id) for b in broken
    ]
    return _verdict(
        "geschiedenis",
        nl,
        _list(texts),
        (
            "de geschiedenis is na het laden gewijzigd; zet een kopie van de store terug",
            "history was changed after loading; restore a copy of the store",
        ),
        (
            f"zegelketen over {count} leveringen onverbroken",
            f"seal chain over {count} deliveries unbroken",
        ),
    )


def check_content(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    sealed = dict(con.execute("SELECT delivery_id, content_digest FROM delivery_seals").fetchall())
    per_theme = {name: chain.delivery_digests(con, name) for name in THEMES}
    ids = set(sealed) | {d for found in per_theme.values() for d in found}
    changed = []
    for delivery_id in sorted(ids):
        digest = chain.content_digest(
            {t: found[delivery_id] for t, found in per_theme.items() if delivery_id in found}
        )
        if sealed.get(delivery_id) != digest:
            changed.append(str(delivery_id))
    if changed:
        engine = con.execute("SELECT value FROM jbr_meta WHERE key = 'digest_engine'").fetchone()
        now = f"duckdb {duckdb.__version__}"
        note = ""
        if engine and engine[0] != now:
            note = (
                f" (verzegeld met {engine[0]}, nu {now}: een andere hashfunctie kan dit verklaren)"
                if nl
                else f" (sealed with {engine[0]}, now {now}: a different hash may explain this)"
            )
        return Check(
            "inhoud",
            False,
            (
                f"rijen gewijzigd van levering {_list(changed)}"
                if nl
                else f"rows changed of delivery {_list(changed)}"
            )
            + note,
            "zet een kopie van de store terug of laad de leveringen opnieuw"
            if nl
            else "restore a copy of the store or load the deliveries again",
        )
    return Check(
        "inhoud",
        True,
        "opgeslagen rijen ongewijzigd sinds het laden"
        if nl
        else "stored rows unchanged since loading",
    )


REVIEW_PROBLEMS = {
    "changed": ("gebeurtenis {n} gewijzigd", "event {n} changed"),
    "deleted": ("gebeurtenis {n} verwijderd", "event {n} deleted"),
    "figures": ("cijfers van verzending {n} gewijzigd", "figures of sending {n} changed"),
    "head": ("laatste zegel (gebeurtenis {n}) klopt niet", "last seal (event {n}) wrong"),
}


def check_review(con: duckdb.DuckDBPyConnection, nl: bool) -> Check:
    problems = review.verify(con)
    texts = []
    for p in problems:
        kind, _, n = p.partition(":")
        texts.append(REVIEW_PROBLEMS[kind][0 if nl else 1].format(n=n))
    count = len(review.events(con))
    return _verdict(
        "wederhoor",
        nl,
        _list(texts),
        (
            "de wederhoor is na het vastleggen gewijzigd; zet een kopie van de store terug",
            "the review history was changed after it was recorded; restore a copy of the store",
        ),
        (
            f"zegelketen over {count} wederhoorgebeurtenissen onverbroken",
            f"seal chain over {count} review events unbroken",
        ),
    )


RUNNERS: dict[str, Callable[[duckdb.DuckDBPyConnection, bool], Check]] = {
    "schema": check_schema,
    "lineage": check_lineage,
    "zonder_levering": check_orphans,
    "dekking": check_coverage,
    "geschiedenis": check_history,
    "inhoud": check_content,
    "wederhoor": check_review,
}
