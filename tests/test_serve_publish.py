"""`jbr publish`: the embargo is lifted once, corrections are new versions, nothing is
re-embargoed, and a store without publications publishes nothing."""

from __future__ import annotations

import httpx
from typer.testing import CliRunner

from jbr import api
from jbr.cli import app
from jbr.store.access.published import publications, published_figures, published_years

from .web_server import copy_store, running, woo_file


def publish(db, *args: str):
    return CliRunner().invoke(
        app, ["publish", "--db", str(db), "--no-site", "--without-text", "--reason", REASON, *args]
    )


REASON = "testwereld: rapportage buiten jbr gemaakt"


def value(db, year: int, ministry: str, version: int | None = None) -> float | None:
    rows = published_figures(db, year, version) or []
    [row] = [
        r for r in rows if r["indicator"] == "woo.within_term_pct" and r["ministry"] == ministry
    ]
    return row["value"]


def test_no_store_and_empty_store_publish_nothing(tmp_path):
    assert published_years(tmp_path / "none.duckdb") == {}
    assert published_figures(tmp_path / "none.duckdb", 2022) is None
    db = tmp_path / "store.duckdb"
    api.load(
        [woo_file(tmp_path, "FIN", 2022, ["F-1;FIN;2022-03-01;2022-03-10;false;openbaar"])], db=db
    )
    assert published_years(db) == {}  # data, but no publication: all under embargo


def test_year_without_data_is_refused(web_store, tmp_path_factory):
    store = copy_store(web_store, tmp_path_factory.mktemp("pub-none"))
    result = publish(store.db, "--year", "2031")
    assert result.exit_code == 1
    assert "geen gegevens voor 2031" in result.output
    assert 2031 not in published_years(store.db)


def test_publish_correct_and_keep_earlier_versions(web_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pub-correct")
    store = copy_store(web_store, folder)
    api.review_override(2023, "testwereld: wederhoor buiten jbr", db=store.db)
    assert 2023 not in published_years(store.db)
    assert publish(store.db, "--year", "2023").exit_code == 0
    first = published_years(store.db)[2023]
    assert value(store.db, 2023, "FIN") == 100.0  # F23-1 decided on time

    # The same figures again: nothing new.
    again = publish(store.db, "--year", "2023")
    assert again.exit_code == 0 and "niets gewijzigd" in again.output
    assert [(p.year, p.version) for p in publications(store.db)] == [(2022, 1), (2023, 1)]

    # FIN corrects 2023: its request was decided late (10 May; deadline 29 March).
    api.load(
        [woo_file(folder, "FIN", 2023, ["F23-1;FIN;2023-03-01;2023-05-10;false;openbaar"])],
        db=store.db,
    )
    assert value(store.db, 2023, "FIN") == 100.0  # the published figure does not move by itself
    refused = publish(store.db, "--year", "2023")
    assert refused.exit_code == 1 and "--note" in refused.output
    assert value(store.db, 2023, "FIN") == 100.0

    done = publish(store.db, "--year", "2023", "--note", "FIN: besluitdatum F23-1 gecorrigeerd")
    assert done.exit_code == 0, done.output
    assert value(store.db, 2023, "FIN") == 0.0
    assert value(store.db, 2023, "FIN", version=1) == 100.0  # the earlier version stays
    versions = [p for p in publications(store.db) if p.year == 2023]
    assert [(p.version, p.note) for p in versions] == [
        (1, None),
        (2, "FIN: besluitdatum F23-1 gecorrigeerd"),
    ]
    assert published_years(store.db)[2023] == first  # still public since the first time

    with running(store) as server:
        latest = httpx.get(
            server.url + "/api/indicators",
            params={"year": 2023, "ministry": "FIN", "indicator": "woo.within_term_pct"},
        ).json()
        earlier = httpx.get(
            server.url + "/api/indicators",
            params={
                "year": 2023,
                "ministry": "FIN",
                "indicator": "woo.within_term_pct",
                "version": 1,
            },
        ).json()
        assert [r["value"] for r in latest] == [0.0]
        assert [r["value"] for r in earlier] == [100.0]
        assert (
            httpx.get(
                server.url + "/api/indicators", params={"year": 2023, "version": 3}
            ).status_code
            == 404
        )
