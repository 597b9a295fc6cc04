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
from ..locale import text
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
        raise StoreError(text("store.bestaat_niet", lang, db=db))
    con = connect(db, read_only=True)
    try:
        return [_run(name, con, lang) for name in CHECKS]
    finally:
        con.close()


def _run(name: str, con: duckdb.DuckDBPyConnection, lang: str) -> Check:
    try:
        return RUNNERS[name](con, lang)
    except duckdb.Error as e:  # e.g. a table is missing: the schema check says which
        error = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return Check(
            name,
            False,
            text("store.doctor.niet_uit_te_voeren", lang, error=error),
            text("store.doctor.zie_schema", lang),
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


def _verdict(name: str, lang: str, problem: str, **fields: object) -> Check:
    """Failed with ``problem`` and the check's hint when there is a problem, else passed
    with the check's good news (``store.doctor.<name>.hint``/``.goed``, filled from
    ``fields``)."""
    if problem:
        return Check(name, False, problem, text(f"store.doctor.{name}.hint", lang))
    return Check(name, True, text(f"store.doctor.{name}.goed", lang, **fields))


def check_schema(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
    tables = _tables(con)
    version = stored_version(con)
    wrong: list[str] = []
    for table in ("jbr_meta", "deliveries", "coverage", "delivery_seals"):
        if table not in tables:
            wrong.append(text("store.doctor.ontbreekt", lang, table=table))
    for name, theme in THEMES.items():
        expected = [*theme.column_names, *(n for n, _ in LINEAGE_COLUMNS)]
        found = tables.get(name)
        if found is None:
            wrong.append(text("store.doctor.ontbreekt", lang, table=name))
        elif missing := [c for c in expected if c not in found]:
            wrong.append(f"{name}: {_list(missing)}")
    if version != SCHEMA_VERSION:
        older = version is not None and version < SCHEMA_VERSION
        detail = text("store.doctor.schema.versie", lang, version=version, expected=SCHEMA_VERSION)
        hint = text("store.doctor.schema.ouder" if older else "store.doctor.schema.nieuwer", lang)
        return Check("schema", False, "; ".join([detail, *wrong]), hint)
    return _verdict("schema", lang, "; ".join(wrong), version=version)


def check_lineage(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
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
                    text(
                        "store.doctor.lineage.zonder", lang, table=name, count=count, column=column
                    )
                )
    return _verdict("lineage", lang, "; ".join(bad))


def check_orphans(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
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
            listed = _list([str(i) for i in ids])
            bad.append(
                text(
                    "store.doctor.zonder_levering.rijen", lang, table=label, count=count, ids=listed
                )
            )
    return _verdict("zonder_levering", lang, "; ".join(bad))


def check_coverage(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
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
                text(
                    "store.doctor.dekking.thema",
                    lang,
                    table=name,
                    delivery=delivery_id,
                    ministry=ministry,
                    year=year,
                    actual=actual,
                    claimed=claimed,
                )
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
            text(
                "store.doctor.dekking.levering",
                lang,
                delivery=delivery_id,
                rows=rows,
                themes=themes,
                covered=covered,
                covered_themes=covered_themes,
            )
        )
    return _verdict("dekking", lang, _list(bad, 4))


def check_history(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
    broken = chain.verify(con)
    count = con.execute("SELECT count(*) FROM deliveries").fetchone()[0]  # type: ignore[index]
    # b.problem: verwijderd, gewijzigd, zonder_zegel or kop (chain.verify)
    texts = [
        text(f"store.doctor.geschiedenis.{b.problem or 'gewijzigd'}", lang, d=b.delivery_id)
        for b in broken
    ]
    return _verdict("geschiedenis", lang, _list(texts), count=count)


def check_content(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
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
            note = text("store.doctor.inhoud.andere_hash", lang, engine=engine[0], now=now)
        problem = text("store.doctor.inhoud.gewijzigd", lang, ids=_list(changed)) + note
        return _verdict("inhoud", lang, problem)
    return _verdict("inhoud", lang, "")


def check_review(con: duckdb.DuckDBPyConnection, lang: str) -> Check:
    problems = review.verify(con)
    texts = []
    for p in problems:  # "<kind>:<n>", kind one of changed, deleted, figures, head
        kind, _, n = p.partition(":")
        texts.append(text(f"store.doctor.wederhoor.{kind}", lang, n=n))
    count = len(review.events(con))
    return _verdict("wederhoor", lang, _list(texts), count=count)


RUNNERS: dict[str, Callable[[duckdb.DuckDBPyConnection, str], Check]] = {
    "schema": check_schema,
    "lineage": check_lineage,
    "zonder_levering": check_orphans,
    "dekking": check_coverage,
    "geschiedenis": check_history,
    "inhoud": check_content,
    "wederhoor": check_review,
}
