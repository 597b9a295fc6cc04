"""Review before publication in the store (issue 17): the state rules, the append-only
history under its seal chain (``jbr doctor``), ``store export``/``import``, and the
command line (``jbr review``, ``jbr publish --without-text --reason``)."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pytest
from typer.testing import CliRunner

from jbr import api
from jbr.cli import app
from jbr.publish.review import ReviewIncomplete
from jbr.store import review as store
from jbr.store.parquet import export_store, import_store

from .web_server import woo_file

FIN_2023 = ["F23-1;FIN;2023-03-01;2023-03-10;false;openbaar"]  # on time: 100 %
BZK_2023 = ["B23-1;BZK;2023-04-03;2023-06-30;false;openbaar"]  # late: 0 %


def woo_store(folder):
    """FIN's and BZK's Woo requests of 2023 loaded into ``folder / "store.duckdb"``."""
    db = folder / "store.duckdb"
    files = [woo_file(folder, "FIN", 2023, FIN_2023), woo_file(folder, "BZK", 2023, BZK_2023)]
    assert {o.status for o in api.load(files, db=db)} == {"stored"}
    return db


@pytest.fixture
def db(tmp_path):
    return woo_store(tmp_path)


def fin_answers(db, kind: str, text: str | None = None) -> None:
    """The review of 2023 started; FIN's reviewer answers (``kind``) on the figures sent."""
    started = api.review_start(2023, db=db, by="team")
    fin = next(e for e in started.sent if e.ministry == "FIN")
    store.record_event(
        db, year=2023, ministry="FIN", chapter="information", kind=kind,
        actor="beoordelaar FIN", text=text, fingerprint=fin.fingerprint,
    )  # fmt: skip


def event(kind: str, fingerprint: str | None = "A", n: int = 1, **kw) -> store.Event:
    fields = dict(
        event_id=n, year=2023, ministry="FIN", chapter="information", kind=kind,
        at=datetime(2024, 3, n), actor="x", token_id=None, text=None,
        fingerprint=fingerprint, delivery_head=1, deliveries_seal="0", software="jbr",
    )  # fmt: skip
    fields.update(kw)
    return store.Event(**fields)  # type: ignore[arg-type]


# Each row: the events of FIN's chapter in order (kind, fingerprint), the fingerprint of the
# figures now (None: the latest sending's), the state and whether it may be published.
STATE_RULES = [
    ([("sent", "A")], None, "sent", False, "sent, nobody answered"),
    ([("sent", "A"), ("approved", "A")], None, "approved", True, "approved as sent"),
    ([("sent", "A"), ("approved", "A")], "B", "reopened", False,
     "a corrected delivery changed the figures after the approval (not yet sent again)"),
    ([("sent", "A"), ("approved", "A"), ("sent", "B")], None, "reopened", False,
     "sent again with other figures: the approval was of the old ones"),
    ([("sent", "A"), ("approved", "A"), ("sent", "B"), ("approved", "B")], None, "approved", True,
     "approved again after the re-sending"),
    ([("sent", "A"), ("comment", "A")], None, "commented", False, "a comment blocks"),
    ([("sent", "A"), ("approved", "A"), ("comment", "A")], None, "commented", False,
     "a comment after an approval withdraws it: the latest decision counts"),
    ([("sent", "A"), ("comment", "A"), ("sent", "B")], None, "sent", False,
     "the comment was about figures sent again since: waiting for a new decision"),
    ([("sent", "A"), ("override", None)], None, "overridden", True, "released without approval"),
    ([("sent", "A"), ("comment", "A"), ("override", None)], None, "overridden", True,
     "an override releases a commented chapter too"),
    ([], "A", "not_sent", False, "figures now, never sent"),
]  # fmt: skip


@pytest.mark.parametrize(("steps", "now", "status", "cleared", "why"), STATE_RULES)
def test_state_of_a_chapter(steps, now, status, cleared, why):
    found = [
        event(kind, fp, n, chapter=None if kind == "override" else "information")
        for n, (kind, fp) in enumerate(steps, start=1)
    ]
    current = {("FIN", "information"): now} if now else None
    s = store.chapter_states(found, 2023, current)[("FIN", "information")]
    assert (s.status, s.cleared) == (status, cleared), why


def test_an_override_of_one_ministry_does_not_release_another():
    found = [
        event("sent", "A", 1),
        event("sent", "C", 2, ministry="BZK"),
        event("override", None, 3, ministry="BZK", chapter=None, text="BZK reageerde niet"),
    ]
    states = store.chapter_states(found, 2023)
    assert states[("FIN", "information")].cleared is False
    assert states[("BZK", "information")].status == "overridden"


def test_fingerprint_ignores_order_and_float_noise_but_not_a_changed_figure():
    a = {"indicator": "woo.decided", "value": 1.0, "unit": "verzoeken", "target": None,
         "status": None, "suppressed": False}  # fmt: skip
    b = {**a, "indicator": "woo.received", "value": 3.0}
    assert store.fingerprint([a, b]) == store.fingerprint([b, a])
    assert store.fingerprint([{**a, "value": 0.1 + 0.2}]) == store.fingerprint(
        [{**a, "value": 0.3}]
    )
    assert store.fingerprint([{**a, "target": 10}]) == store.fingerprint([{**a, "target": 10.0}])
    assert store.fingerprint([a]) != store.fingerprint([{**a, "value": 2.0}])


def test_start_approve_change_reopen_and_publish(db, tmp_path):
    started = api.review_start(2023, db=db, by="team")
    assert sorted((e.ministry, e.chapter) for e in started.sent) == [
        ("BZK", "information"), ("FIN", "information"),
    ]  # fmt: skip
    with pytest.raises(ReviewIncomplete) as refused:
        api.publish(2023, db=db, without_text=True, reason="geen tekst in deze test")
    assert {(s.ministry, s.status) for s in refused.value.open} == {
        ("FIN", "sent"),
        ("BZK", "sent"),
    }

    sent = {e.ministry: e for e in started.sent}
    for m in ("FIN", "BZK"):
        store.record_event(db, year=2023, ministry=m, chapter="information", kind="approved",
                           actor=f"beoordelaar {m}", fingerprint=sent[m].fingerprint)  # fmt: skip

    # FIN corrects its 2023 Woo data: decided late after all. The approval no longer holds.
    (tmp_path / "fix").mkdir()
    late = woo_file(
        tmp_path / "fix", "FIN", 2023, ["F23-1;FIN;2023-03-01;2023-05-10;false;openbaar"]
    )
    assert api.load([late], db=db)[0].status == "stored"
    states = api.review_states(2023, db=db)
    assert states[("FIN", "information")].status == "reopened"
    assert states[("BZK", "information")].status == "approved"
    with pytest.raises(ReviewIncomplete) as refused:
        api.publish(2023, db=db, without_text=True, reason="geen tekst in deze test")
    assert [(s.ministry, s.status) for s in refused.value.open] == [("FIN", "reopened")]

    again = api.review_start(2023, db=db, by="team")  # sends FIN's changed chapter again
    assert [(e.ministry, e.chapter) for e in again.resent] == [("FIN", "information")]
    assert again.sent == [] and again.unchanged == 1
    store.record_event(db, year=2023, ministry="FIN", chapter="information", kind="approved",
                       actor="beoordelaar FIN", fingerprint=again.resent[0].fingerprint)  # fmt: skip
    assert (
        api.publish(2023, db=db, without_text=True, reason="geen tekst in deze test").version == 1
    )
    kinds = [e.kind for e in store.read_events(db, 2023)]
    assert kinds == ["sent", "sent", "approved", "approved", "sent", "approved", "without_text"]
    assert api.doctor(db)[-1].ok


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A store with a review history: both chapters sent (events 1 and 2), a comment on
    FIN's (3), BZK's overridden (4). Read only: each test tampers with a copy."""
    db = woo_store(tmp_path_factory.mktemp("reviewed"))
    fin_answers(db, "comment", "klopt niet")
    api.review_override(2023, "BZK reageerde niet voor de termijn", ["BZK"], db=db, by="team")
    return db


def tamper(db, sql: str) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(sql)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("sql", "detail"),
    [
        ("UPDATE review_events SET text = 'akkoord' WHERE event_id = 3", "gebeurtenis 3 gewijzigd"),
        ("UPDATE review_events SET actor = 'iemand anders' WHERE event_id = 3",
         "gebeurtenis 3 gewijzigd"),
        ("DELETE FROM review_events WHERE event_id = 2", "gebeurtenis 2 verwijderd"),
        ("UPDATE review_figures SET value = 99 WHERE event_id = 1", "cijfers van verzending 1"),
        ("DELETE FROM review_events WHERE event_id = 4", "laatste zegel"),
    ],
)  # fmt: skip
def test_the_review_history_is_append_only_under_its_seal(reviewed, tmp_path, sql, detail):
    db = tmp_path / "store.duckdb"
    shutil.copy(reviewed, db)  # each tampering on its own copy of the history
    assert [c.ok for c in api.doctor(db)] == [True] * 7
    tamper(db, sql)
    check = api.doctor(db)[-1]
    assert check.name == "wederhoor" and not check.ok
    assert detail in check.detail, check.detail


def test_the_history_survives_export_and_import(db, tmp_path):
    fin_answers(db, "approved")
    api.review_override(2023, "BZK reageerde niet", ["BZK"], db=db)
    api.publish(2023, db=db, without_text=True, reason="rapportage buiten jbr")
    token, _ = api.token_create("FIN-beoordelaar", "FIN", db=db, role="reviewer")
    export_store(db, tmp_path / "export")
    copy = tmp_path / "copy.duckdb"
    import_store(tmp_path / "export", copy)
    before, after = store.read_events(db), store.read_events(copy)
    assert after == before and len(after) == 5  # sent ×2, approved, override, without_text
    assert all(c.ok for c in api.doctor(copy)), api.doctor(copy)
    states = api.review_states(2023, db=copy)
    assert {k: s.status for k, s in states.items()} == {
        ("FIN", "information"): "approved", ("BZK", "information"): "overridden",
    }  # fmt: skip
    assert [t.role for t in api.tokens(copy)] == ["reviewer"]


def run(*args: str):
    return CliRunner(env={"COLUMNS": "200"}).invoke(app, [str(a) for a in args])


def test_review_on_the_command_line(db, tmp_path):
    out = tmp_path / "wederhoor"
    started = run("review", "start", "--year", 2023, "--db", db, "--out", out)
    assert started.exit_code == 0, started.output
    assert "2 hoofdstukken verstuurd" in started.output
    assert sorted(p.name for p in out.iterdir()) == [
        "wederhoor-2023-BZK.xlsx", "wederhoor-2023-FIN.xlsx",
    ]  # fmt: skip
    status = run("review", "status", "--year", 2023, "--db", db)
    assert "verstuurd, wacht op reactie" in status.output
    assert "2023 kan nog niet worden gepubliceerd: 2 hoofdstukken" in " ".join(
        status.output.split()
    )

    refused = run("publish", "--year", 2023, "--db", db, "--no-site", "--without-text")
    assert refused.exit_code == 2 and "--reason" in refused.output  # a reason is required
    refused = run("publish", "--year", 2023, "--db", db, "--no-site", "--without-text",
                  "--reason", "buiten jbr")  # fmt: skip
    assert refused.exit_code == 1
    text = " ".join(refused.output.split())
    assert "2023 is niet gepubliceerd: de wederhoor is niet rond" in text
    assert "FIN – Informatiehuishouding en ICT: verstuurd, wacht op reactie" in text

    no_reason = run("review", "override", "--year", 2023, "--all", "--db", db)
    assert no_reason.exit_code == 2
    done = run("review", "override", "--year", 2023, "--all", "--reason",
               "Ministeries gaven akkoord per brief van 3 maart", "--db", db)  # fmt: skip
    assert done.exit_code == 0, done.output
    published = run("publish", "--year", 2023, "--db", db, "--no-site", "--without-text",
                    "--reason", "buiten jbr")  # fmt: skip
    assert published.exit_code == 0, published.output
    last = store.read_events(db, 2023)[-1]
    assert (last.kind, last.text) == ("without_text", "buiten jbr")


def test_token_roles_on_the_command_line(db):
    made = run("token", "create", "--role", "reviewer", "--name", "DBV Financiën",
               "--ministry", "fin", "--db", db)  # fmt: skip
    assert made.exit_code == 0, made.output
    team = run("token", "create", "--role", "coordinator", "--name", "JBR-team", "--db", db)
    assert team.exit_code == 0, team.output
    missing = run("token", "create", "--role", "reviewer", "--name", "X", "--db", db)
    assert missing.exit_code == 2  # a reviewer belongs to a ministry
    roles = sorted((t.supplier, t.ministerie, t.role) for t in api.tokens(db))
    assert roles == [("DBV Financiën", "FIN", "reviewer"), ("JBR-team", "RIJK", "coordinator")]


def test_the_workbook_names_each_figure_with_definition_and_deliveries(db):
    import io

    from openpyxl import load_workbook

    api.review_start(2023, db=db, by="team")
    book = load_workbook(io.BytesIO(api.review_workbook(2023, "FIN", db=db)))
    assert book.sheetnames == ["Cijfers", "Bronleveringen", "Stand"]
    rows = list(book["Cijfers"].iter_rows(values_only=True))
    header, figures = rows[0], {r[1]: r for r in rows[1:]}
    assert header[:5] == ("hoofdstuk", "indicator", "omschrijving", "categorie", "waarde")
    within = figures["woo.within_term_pct"]
    assert within[4] == 100.0  # F23-1 decided 10 March, deadline 29 March
    assert within[9].startswith("Besluiten in het verslagjaar")
    assert within[11] == "1"  # delivery 1: FIN's 2023 requests (BZK's is delivery 2)
    deliveries = list(book["Bronleveringen"].iter_rows(values_only=True))[1:]
    assert [(d[0], d[2], d[3]) for d in deliveries] == [(1, "FIN", 2023)]
    assert len(deliveries[0][7]) == 64  # the file's SHA-256


def test_a_year_without_data_cannot_be_reviewed(db):
    result = run("review", "start", "--year", 2031, "--db", db)
    assert result.exit_code == 1 and "geen gegevens voor 2031" in result.output
