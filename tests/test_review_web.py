"""Review before publication over the API of a running ``jbr serve`` (issue 17): approve,
comment, reopen on change, publication refused then allowed; a reviewer of one ministry
can neither see nor judge another's figures; a supplier's token has no part in it and a
reviewer's cannot deliver."""

from __future__ import annotations

import httpx
import pytest

from jbr import api
from jbr.publish.review import ReviewIncomplete

from .web_server import bearer, copy_store, running, woo_file

YEAR = 2023  # the base store: Woo requests of FIN and BZK, under embargo


@pytest.fixture(scope="module")
def live(tmp_path_factory, web_store):
    store = copy_store(web_store, tmp_path_factory.mktemp("review-web"))
    api.review_start(YEAR, db=store.db, by="JBR-team")
    store.tokens.update(
        fin_review=api.token_create("DBV Financiën", "FIN", db=store.db, role="reviewer")[0],
        bzk_review=api.token_create("DBV BZK", "BZK", db=store.db, role="reviewer")[0],
        team=api.token_create("JBR-team", "RIJK", db=store.db, role="coordinator")[0],
    )
    with running(store) as server:
        yield server, store


def get(server, path: str, token: str) -> httpx.Response:
    return httpx.get(server.url + path, headers=bearer(token), timeout=30)


def post(server, path: str, token: str, body: dict) -> httpx.Response:
    return httpx.post(server.url + path, headers=bearer(token), json=body, timeout=30)


def test_a_reviewer_sees_its_own_figures_only(live):
    server, store = live
    own = get(server, f"/api/review/{YEAR}", store.tokens["fin_review"])
    assert own.status_code == 200, own.text
    body = own.json()
    assert body["ministry"] == "FIN"
    [chapter] = body["chapters"]  # only Woo figures in this store: one chapter
    assert chapter["state"]["chapter"] == "information"
    figures = {f["indicator"]: f for f in chapter["figures"]}
    # F23-1 received 1 March 2023, decided 10 March, deadline 29 March: 1 of 1 on time
    assert figures["woo.within_term_pct"]["value"] == 100.0
    # the one delivery of FIN's 2023 requests (FIN's 2022 ones were all decided in 2022)
    [fin_2023] = api.deliveries(store.db, "FIN", "woo_verzoeken", YEAR)
    assert figures["woo.within_term_pct"]["deliveries"] == [fin_2023.delivery_id]
    assert figures["woo.within_term_pct"]["definition"].startswith("Besluiten in het verslagjaar")
    # Another ministry's review does not exist for this token, in any spelling.
    for path in (f"/api/review/{YEAR}/ministries/BZK", f"/api/review/{YEAR}/ministries/bzk"):
        assert get(server, path, store.tokens["fin_review"]).status_code == 404
    assert (
        get(server, f"/api/review/{YEAR}/ministries/FIN", store.tokens["fin_review"]).status_code
        == 200
    )
    # Nothing of BZK's figures in FIN's answer.
    assert "BZK" not in own.text


def test_who_may_do_what(live):
    server, store = live
    supplier = store.tokens["fin"]
    assert get(server, f"/api/review/{YEAR}", supplier).status_code == 403
    assert httpx.get(server.url + f"/api/review/{YEAR}", timeout=30).status_code == 401
    team = get(server, f"/api/review/{YEAR}", store.tokens["team"])
    assert team.status_code == 200
    assert {(s["ministry"], s["status"]) for s in team.json()} >= {("FIN", "sent"), ("BZK", "sent")}
    # The JBR team reads; it does not approve in a ministry's name.
    refused = post(server, f"/api/review/{YEAR}/chapters/information", store.tokens["team"],
                   {"decision": "approve"})  # fmt: skip
    assert refused.status_code == 403
    # A reviewer's token delivers nothing.
    upload = httpx.post(
        server.url + "/api/deliveries",
        headers=bearer(store.tokens["fin_review"]),
        files={"file": ("woo_verzoeken.csv", b"verzoek_id;ministerie;ontvangen\n")},
        timeout=30,
    )
    assert upload.status_code == 403
    # A chapter that was not sent to FIN (no personnel figures of 2023): 404.
    assert post(server, f"/api/review/{YEAR}/chapters/personnel", store.tokens["fin_review"],
                {"decision": "approve"}).status_code == 404  # fmt: skip
    assert post(server, f"/api/review/{YEAR}/chapters/onzin", store.tokens["fin_review"],
                {"decision": "approve"}).status_code == 404  # fmt: skip
    # One chapter: the reviewer's own ministry's (its fingerprint to send back), the JBR
    # team's view of it for every ministry; a 405 names both methods of the path.
    one = get(server, f"/api/review/{YEAR}/chapters/information", store.tokens["fin_review"])
    assert one.status_code == 200 and one.json()["state"]["ministry"] == "FIN"
    assert len(one.json()["fingerprint"]) == 64 and one.json()["figures"]
    assert "BZK" not in one.text
    assert (
        get(
            server, f"/api/review/{YEAR}/chapters/personnel", store.tokens["fin_review"]
        ).status_code
        == 404
    )
    every = get(server, f"/api/review/{YEAR}/chapters/information", store.tokens["team"]).json()
    assert [s["ministry"] for s in every] == ["BZK", "FIN"]
    options = httpx.request("OPTIONS", server.url + f"/api/review/{YEAR}/chapters/information")
    assert options.status_code == 405 and options.headers["allow"] == "GET, HEAD, POST"


def test_approve_comment_reopen_and_publish(live, tmp_path):
    server, store = live
    fin, bzk = store.tokens["fin_review"], store.tokens["bzk_review"]
    seen = get(server, f"/api/review/{YEAR}", fin).json()["chapters"][0]["fingerprint"]
    approved = post(server, f"/api/review/{YEAR}/chapters/information", fin,
                    {"decision": "approve", "fingerprint": seen})  # fmt: skip
    assert approved.status_code == 201, approved.text
    assert approved.json()["by"] == "DBV Financiën" and approved.json()["ministry"] == "FIN"
    # FIN's approval is FIN's only: BZK's chapter is still waiting for BZK.
    before = {
        s["ministry"]: s["status"]
        for s in get(server, f"/api/review/{YEAR}", store.tokens["team"]).json()
    }
    assert before == {"FIN": "approved", "BZK": "sent"}
    empty = post(server, f"/api/review/{YEAR}/chapters/information", bzk, {"decision": "comment"})
    assert empty.status_code == 422  # a comment needs its text
    commented = post(server, f"/api/review/{YEAR}/chapters/information", bzk,
                     {"decision": "comment", "comment": "B23-1 is op 30 juni verzonden"})  # fmt: skip
    assert commented.status_code == 201
    states = {
        s["ministry"]: s for s in get(server, f"/api/review/{YEAR}", store.tokens["team"]).json()
    }
    assert (
        states["FIN"]["status"] == "approved" and states["FIN"]["approved"]["by"] == "DBV Financiën"
    )
    assert states["BZK"]["status"] == "commented"
    assert states["BZK"]["comments"][0]["text"] == "B23-1 is op 30 juni verzonden"
    with pytest.raises(ReviewIncomplete) as refused:
        api.publish(YEAR, db=store.db, without_text=True, reason="geen tekst in deze test")
    assert [(s.ministry, s.status) for s in refused.value.open] == [("BZK", "commented")]

    # FIN sends a correction: its request was decided late. The approval no longer holds.
    fix = woo_file(tmp_path, "FIN", YEAR, ["F23-1;FIN;2023-03-01;2023-05-10;false;openbaar"])
    assert api.load([fix], db=store.db)[0].status == "stored"
    again = api.review_start(YEAR, db=store.db, by="JBR-team")
    assert [(e.ministry, e.chapter) for e in again.resent] == [("FIN", "information")]
    mine = get(server, f"/api/review/{YEAR}", fin).json()["chapters"][0]
    assert mine["state"]["status"] == "reopened" and mine["state"]["reopened"] is True
    assert {f["indicator"]: f["value"] for f in mine["figures"]}["woo.within_term_pct"] == 0.0
    stale = post(
        server,
        f"/api/review/{YEAR}/chapters/information",
        fin,
        {"decision": "approve", "fingerprint": seen},
    )  # the old figures' fingerprint
    assert stale.status_code == 409
    assert (
        post(
            server,
            f"/api/review/{YEAR}/chapters/information",
            fin,
            {"decision": "approve", "fingerprint": mine["fingerprint"]},
        ).status_code
        == 201
    )
    assert post(server, f"/api/review/{YEAR}/chapters/information", bzk,
                {"decision": "approve"}).status_code == 201  # fmt: skip
    published = api.publish(YEAR, db=store.db, without_text=True, reason="geen tekst in deze test")
    assert published.version == 1
