"""The portal shows a ministry's deliveries however they were loaded, and a replacement that
drops most rows needs the supplier's confirmation (issue 14 item 7, SPEC §7)."""

from __future__ import annotations

import re

import httpx
import pytest

from .conftest import snapshot
from .test_web_portal import browser, csrf_of, sign_in, upload
from .web_server import PERSONNEL_HEADER, bearer, copy_store, running


@pytest.fixture(scope="module")
def store(web_store, tmp_path_factory):
    return copy_store(web_store, tmp_path_factory.mktemp("web-deliveries"))


@pytest.fixture(scope="module")
def server(store):
    with running(store) as server:
        yield server


def personnel_csv(rows: list[str]) -> bytes:
    return ("\n".join([PERSONNEL_HEADER, *rows]) + "\n").encode()


def history_rows(html: str) -> list[list[str]]:
    """The cells of the 'Alle leveringen voor' table, tags stripped."""
    table = html.split('<table class="history">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
        if "<td" in r
    ]


def deliver(client, html: str, name: str, content: bytes, **extra: str):
    data = {"csrf": csrf_of(html), "lang": "nl", "theme": "", **extra}
    files = {"file": (name, content, "text/csv")}
    return client.post("/portal/leveren", data=data, files=files)


def test_the_portal_lists_what_the_coordinator_loaded(server, store):
    # The base store was loaded with jbr.load (supplier "coordinator"), not through the portal.
    with browser(server) as client:
        home = sign_in(client, store.tokens["bzk"])
        rows = history_rows(home.text)
    files = {r[3] for r in rows}
    assert {"woo_verzoeken_BZK_2022.csv", "woo_verzoeken_BZK_2023.csv"} <= files
    assert "personeel_2022.csv" in files
    personnel = next(r for r in rows if r[3] == "personeel_2022.csv")
    # Only BZK's part of the shared personnel file: 12 of its 15 rows (3 are FIN's).
    assert (personnel[2], personnel[4], personnel[5]) == ("coordinator", "personeel 2022", "12")
    assert personnel[6] == "actueel"
    assert not any("FIN" in cell for r in rows for cell in r)


def test_a_much_smaller_replacement_asks_for_confirmation(server, store):
    one_row = personnel_csv(["2022-12-31;B0;BZK;0,8;PV26"])
    with browser(server) as client:
        home = sign_in(client, store.tokens["bzk"])
        before = snapshot(store.db)
        refused = deliver(client, home.text, "personeel_bzk_2022.csv", one_row)
        assert refused.status_code == 422
        after = snapshot(store.db)
        assert after.pop("uploads") != before.pop("uploads")  # the attempt is logged ...
        assert after == before  # ... and nothing else changed
        page = refused.text
        assert "Vervanging bevestigen" in page
        # 12 BZK rows of 2022 would become 1: the page says which delivery and both counts
        assert re.search(
            r"vervangt levering \d+ van \d+ \w+ \d{4} \(personeel BZK 2022\): 12 → 1 rij", page
        )
        assert 'name="allow_shrink"' in page and "required" in page

        confirmed = deliver(client, page, "personeel_bzk_2022.csv", one_row, allow_shrink="1")
        assert confirmed.status_code == 200, confirmed.text
        assert "opgeslagen" in confirmed.text
        assert re.search(r"vervangt levering \d+ van .*: 12 → 1 rij", confirmed.text)

        rows = history_rows(client.get("/portal").text)
    old = next(r for r in rows if r[3] == "personeel_2022.csv")
    new = next(r for r in rows if r[3] == "personeel_bzk_2022.csv")
    assert old[6] == f"vervangen door levering {new[0]} (12 → 1)"
    assert new[6] == f"actueel; vervangt levering {old[0]} (12 → 1)"


def test_the_api_takes_allow_shrink(server, store):
    two_rows = personnel_csv(["2023-12-31;B0;BZK;1;PV26", "2023-12-31;B1;BZK;1;PV26"])
    first = upload(server, store.tokens["bzk"], "personeel_2023.csv", two_rows)
    assert first.status_code == 201, first.text
    smaller = personnel_csv(["2023-12-31;B0;BZK;0,5;PV26"])  # 2 → 1: half, no confirmation
    assert upload(server, store.tokens["bzk"], "personeel_2023b.csv", smaller).status_code == 201
    three = personnel_csv([f"2023-12-31;B{i};BZK;1;PV26" for i in range(3)])
    assert upload(server, store.tokens["bzk"], "personeel_2023c.csv", three).status_code == 201
    one = personnel_csv(["2023-12-31;B9;BZK;1;PV26"])  # 3 → 1: fewer than half
    refused = upload(server, store.tokens["bzk"], "personeel_2023d.csv", one)
    assert refused.status_code == 422
    assert [p["rule"] for p in refused.json()["problems"]] == ["vervanging_veel_kleiner"]
    allowed = upload(server, store.tokens["bzk"], "personeel_2023d.csv", one, allow_shrink="true")
    assert allowed.status_code == 201, allowed.text


def test_the_api_says_what_a_stored_upload_replaced(server, store):
    """Read and checked in the upload worker, stored by store_checked: the answer names the
    delivery replaced with both row counts, like jbr load and the portal (SPEC §7)."""
    token = store.tokens["bzk"]
    first = upload(server, token, "personeel_2021.csv", personnel_csv(["2021-12-31;B0;BZK;1;PV26"]))
    assert first.status_code == 201, first.text
    assert first.json()["replaces"] == []  # 2021 had no BZK personnel rows before
    three = personnel_csv([f"2021-12-31;B{i};BZK;1;PV26" for i in range(3)])  # 1 → 3: grows
    second = upload(server, token, "personeel_2021b.csv", three, lang="en")
    assert second.status_code == 201, second.text
    [replaced] = second.json()["replaces"]
    assert replaced["replaces_delivery"] == first.json()["delivery_id"]
    assert replaced["replaces_file"] == "personeel_2021.csv"
    assert (replaced["theme"], replaced["ministry"], replaced["year"]) == ("personeel", "BZK", 2021)
    assert (replaced["rows_before"], replaced["rows_after"]) == (1, 3)
    assert replaced["replaces_loaded_at"].endswith("Z")  # UTC, as every API timestamp
    assert re.fullmatch(
        rf"replaces delivery {replaced['replaces_delivery']} of \d+ \w+ \d{{4}} "
        r"\(personeel BZK 2021\): 1 → 3 rows",
        replaced["message"],
    )
    # Asked again later, the upload says the same (read back from the store's coverage;
    # Dutch, as the API speaks without a language).
    again = httpx.get(
        f"{server.url}/api/deliveries/{second.json()['upload_id']}", headers=bearer(token)
    ).json()
    assert [{**r, "message": None} for r in again["replaces"]] == [{**replaced, "message": None}]
    assert again["replaces"][0]["message"].startswith(
        f"vervangt levering {replaced['replaces_delivery']} van "
    )
    # An identical file is unchanged: it replaces nothing.
    same = upload(server, token, "personeel_2021b.csv", three)
    assert same.status_code == 200 and same.json()["replaces"] == []


def test_the_confirmation_in_a_browser(web_store, browser, tmp_path_factory, tmp_path):
    """Sign in, send a much smaller file, read the confirmation (axe: no WCAG A/AA
    violation), confirm it with the same file and the tick box, see it replaced."""
    from .conftest import axe_violations, console_page, shot

    store = copy_store(web_store, tmp_path_factory.mktemp("confirm-browser"))
    small = tmp_path / "personeel_2022.csv"
    small.write_bytes(personnel_csv(["2022-12-31;B0;BZK;0,8;PV26"]))
    with running(store) as server:
        page = console_page(browser, java_script_enabled=True)
        try:
            page.goto(server.url + "/portal")
            page.get_by_label("Token").fill(store.tokens["bzk"])
            page.get_by_role("button", name="Aanmelden").click()
            page.wait_for_url("**/portal?lang=nl")
            history = page.locator("table.history")
            assert "personeel_2022.csv" in history.inner_text()
            assert axe_violations(page) == []
            shot(page, "portal-leveringen-ministerie")

            page.get_by_label("Bestand (.xlsx, .csv of .parquet)").set_input_files(str(small))
            page.get_by_role("button", name="Controleren en leveren").click()
            page.wait_for_url("**/portal/leveren")
            confirm = page.get_by_role("region", name="Vervanging bevestigen")
            assert "(personeel BZK 2022): 12 → 1 rij" in confirm.inner_text()
            assert axe_violations(page) == []
            shot(page, "portal-bevestigen")

            confirm.get_by_label("Hetzelfde bestand").set_input_files(str(small))
            button = confirm.get_by_role("button", name="Bevestigen en leveren")
            button.click()  # without the tick box the browser does not send the form
            assert page.get_by_role("region", name="Vervanging bevestigen").count() == 1
            confirm.get_by_label("Ja, vervang de eerdere levering").check()
            button.click()
            page.wait_for_load_state()
            assert "opgeslagen" in page.get_by_role("status").inner_text()
            assert "12 → 1 rij" in page.locator("ul.replaces").inner_text()
            shot(page, "portal-vervangen")
        finally:
            page.context.close()
