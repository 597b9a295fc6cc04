"""What the command line says, in Dutch and English (STYLE: words live in catalogues).

Code holds keys; ``say(lang, key, **fields)`` fills a message. ``tests/test_cli_terminal.py``
fails when a key exists in one language only. The ``--help`` texts are Dutch and live
with the commands (they are the README's command table).
"""

from __future__ import annotations

from typing import Any

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        # option checks (usage errors, exit 2)
        "lang_invalid": "kies nl of en",
        "unknown_ministry": "onbekende ministeriecode {value!r}; geldige codes: {codes}",
        "unknown_theme": "onbekend thema {value!r}; thema's: {themes}",
        "unknown_engine": "onbekende rekenmachine {value!r}; kies uit: {engines}",
        "must_be_positive": "moet groter dan 0 zijn",
        "must_not_be_empty": "mag niet leeg zijn",
        # the store
        "store_missing": "De store {db} bestaat niet. Laad eerst leveringen met jbr load of "
        "jbr build.",
        "no_data_year": "De store {db} heeft geen gegevens voor {year}. Jaren met gegevens: "
        "{years}.",
        "store_empty": "De store {db} bevat nog geen leveringen. Laad ze met jbr load.",
        "unexpected": "Onverwachte fout: {error}",
        "unexpected_hint": "Zet JBR_DEBUG=1 voor details en meld dit aan het jbr-team.",
        "interrupted": "afgebroken",
        # problems
        "error": "fout",
        "errors": "fouten",
        "warning": "waarschuwing",
        "warnings": "waarschuwingen",
        "file": "bestand",
        "files": "bestanden",
        "row": "rij",
        "rows": "rijen",
        "sheet": "blad",
        "column": "kolom",
        "value": "waarde",
        "hint": "hint",
        "no_problems": "Geen fouten of waarschuwingen in {files}.",
        "problems_found": "{counts} in {files}.",
        "only_warnings": "Geen fouten; {warnings} in {files}.",
        "and": "en",
        # load
        "loading": "leveringen laden",
        "stored": "opgeslagen",
        "unchanged": "ongewijzigd (al geladen)",
        "rejected": "afgewezen, niets opgeslagen",
        "stored_detail": "levering {id}, {rows}",
        "load_summary": "{files}: {stored} opgeslagen ({rows}), {unchanged} ongewijzigd, "
        "{rejected} afgewezen.",
        "load_replaced": "{n} vervingen eerdere leveringen (per thema, ministerie en jaar).",
        "more_replacements": "… en nog {n} vervangingen; --verbose toont alles.",
        "more_warnings": "{warnings} bij opgeslagen bestanden; --verbose toont ze.",
        # deliveries
        "deliveries_title": "Leveringen in {db}",
        "delivery": "Levering",
        "no_deliveries": "Geen leveringen in {db} die passen bij {filters}.",
        "no_deliveries_at_all": "De store {db} bevat nog geen leveringen.",
        "current": "actueel",
        "partly_replaced": "deels vervangen",
        "replaced": "vervangen",
        "replaced_by": "vervangen door levering {id} ({before} → {after})",
        "replaces": "vervangt levering {id} ({before} → {after})",
        "ministries": "ministeries",
        "deliveries_summary": "{n} leveringen: {current} actueel, {partly} deels vervangen, "
        "{replaced} vervangen.",
        # indicators
        "indicators_title": "Indicatoren {year}",
        "indicators_title_ministry": "Indicatoren {year}: {ministry} en het Rijk",
        "target": "doel",
        "met": "gehaald",
        "on_track": "op koers",
        "off_track": "niet op koers",
        "suppressed": "onderdrukt (minder dan 10 personen)",
        "unknown_value": "onbekend",
        # build
        "build_from_store": "Gebouwd uit de store {db}: {deliveries}; niets nieuw geladen.",
        "build_demo_into_empty": "De store {db} was leeg: de demo geladen ({files}, synthetisch, "
        "leveranciers gemarkeerd '(demo)').",
        "build_demo_requested": "De demo geladen in {db} (--demo; {files}, synthetisch, "
        "leveranciers gemarkeerd '(demo)').",
        "build_loaded": "{loaded}",
        "build_up_to_date": "Niets gewijzigd sinds de vorige build; de publicaties in {out} "
        "zijn actueel.",
        "build_written": "{files} geschreven in {out} ({names}) in {seconds} s.",
        "build_no_figures": "Geen publicaties geschreven: de store heeft geen jaar met gegevens.",
        "build_rejected": "{files} afgewezen; zie de datakwaliteitsbijlage.",
        "build_nothing": "De store {db} bevat geen leveringen en er zijn geen bestanden "
        "opgegeven. Geef leveringen op, of --demo voor de synthetische demo.",
        "build_timings": "tijd per stap: {timings}",
        "written": "geschreven: {path}",
        "warning_line": "waarschuwing: {text}",
        "busy": "bezig…",
        "loading_into": "{n} leveringen laden in {db}",
        # demo, template
        "demo_generating": "demo ({scale}) genereren…",
        "demo_written": "{files} geschreven in {out}",
        "template_written": "sjabloon geschreven: {path}",
        # serve
        "serving": "jbr serve op http://{host}:{port} (store {db}{proxy})",
        "serving_behind_proxy": ", achter de TLS-proxy",
        # publish
        "publish_no_data": "De store bevat geen gegevens voor {year}; niets gepubliceerd. "
        "Jaren met gegevens: {years}.",
        "publish_identical": "{year} is al gepubliceerd (versie {version}, {when} UTC) met "
        "precies deze cijfers; niets gewijzigd.",
        "publish_changed": "{year} is al gepubliceerd (versie {version}, {when} UTC) en de "
        "cijfers zijn sindsdien veranderd. Publiceer de correctie met --note 'wat is "
        "gecorrigeerd'; niets gepubliceerd.",
        "published": "{year} gepubliceerd op {when} UTC: {figures} cijfers.",
        "published_correction": "{year} correctie gepubliceerd (versie {version}) op {when} "
        "UTC: {figures} cijfers.",
        "site_updating": "site en open data bijwerken…",
        "site_updated": "site en open data bijgewerkt in {out} ({files})",
        # token
        "token_created": "Token {id} voor {supplier} ({ministry}). Bewaar het nu: het wordt "
        "niet opnieuw getoond.",
        "tokens_title": "Tokens",
        "token_headers": "id|naam|ministerie|rol|aangemaakt|ingetrokken",
        "no_tokens": "Nog geen tokens in {db}.",
        "token_not_active": "Geen actief token {id}.",
        "token_revoked": "Token {id} ingetrokken.",
        # doctor
        "doctor_headers": "controle|status|bevinding|hint",
        # woo
        "woo_later_left_out": "{n} verzoek(en) ontvangen na de peildatum {day} weggelaten.",
        "woo_title": "Woo-verzoeken op {day}",
        "woo_headers": "verzoek|ministerie|ontvangen|uiterste\ndatum|besluit|status|dwangsom",
        "woo_days_left": "nog {n} werkdagen",
        "woo_days_late": "{n} dagen te laat",
        "woo_day_left": "nog 1 werkdag",
        "woo_day_late": "1 dag te laat",
        "woo_total": "Totaal {total} verzoeken: {parts}",
        "woo_due_soon": "Binnen {days} werkdagen af te handelen: {n}",
        "woo_penalties": "Verbeurde dwangsommen: € {amount}",
        # store
        "store_exported": "{tables} tabellen, {rows} rijen geëxporteerd naar {dir}",
        "store_imported": "{tables} tabellen, {rows} rijen geïmporteerd in {db}",
    },
    "en": {
        "lang_invalid": "choose nl or en",
        "unknown_ministry": "unknown ministry code {value!r}; valid codes: {codes}",
        "unknown_theme": "unknown theme {value!r}; themes: {themes}",
        "unknown_engine": "unknown engine {value!r}; choose from: {engines}",
        "must_be_positive": "must be greater than 0",
        "must_not_be_empty": "must not be empty",
        "store_missing": "The store {db} does not exist. Load deliveries first with jbr load or "
        "jbr build.",
        "no_data_year": "The store {db} has no data for {year}. Years with data: {years}.",
        "store_empty": "The store {db} holds no deliveries yet. Load them with jbr load.",
        "unexpected": "Unexpected error: {error}",
        "unexpected_hint": "Set JBR_DEBUG=1 for details and report this to the jbr team.",
        "interrupted": "interrupted",
        "error": "error",
        "errors": "errors",
        "warning": "warning",
        "warnings": "warnings",
        "file": "file",
        "files": "files",
        "row": "row",
        "rows": "rows",
        "sheet": "sheet",
        "column": "column",
        "value": "value",
        "hint": "hint",
        "no_problems": "No errors or warnings in {files}.",
        "problems_found": "{counts} in {files}.",
        "only_warnings": "No errors; {warnings} in {files}.",
        "and": "and",
        "loading": "loading deliveries",
        "stored": "stored",
        "unchanged": "unchanged (already loaded)",
        "rejected": "rejected, nothing stored",
        "stored_detail": "delivery {id}, {rows}",
        "load_summary": "{files}: {stored} stored ({rows}), {unchanged} unchanged, "
        "{rejected} rejected.",
        "load_replaced": "{n} replaced earlier deliveries (per theme, ministry and year).",
        "more_replacements": "… and {n} more replacements; --verbose shows them all.",
        "more_warnings": "{warnings} in stored files; --verbose shows them.",
        "deliveries_title": "Deliveries in {db}",
        "delivery": "Delivery",
        "no_deliveries": "No deliveries in {db} match {filters}.",
        "no_deliveries_at_all": "The store {db} holds no deliveries yet.",
        "current": "current",
        "partly_replaced": "partly replaced",
        "replaced": "replaced",
        "replaced_by": "replaced by delivery {id} ({before} → {after})",
        "replaces": "replaces delivery {id} ({before} → {after})",
        "ministries": "ministries",
        "deliveries_summary": "{n} deliveries: {current} current, {partly} partly replaced, "
        "{replaced} replaced.",
        "indicators_title": "Indicators {year}",
        "indicators_title_ministry": "Indicators {year}: {ministry} and the Rijk",
        "target": "target",
        "met": "met",
        "on_track": "on track",
        "off_track": "off track",
        "suppressed": "suppressed (fewer than 10 persons)",
        "unknown_value": "unknown",
        "build_from_store": "Built from the store {db}: {deliveries}; nothing new loaded.",
        "build_demo_into_empty": "The store {db} was empty: loaded the demo ({files}, "
        "synthetic, suppliers marked '(demo)').",
        "build_demo_requested": "Loaded the demo into {db} (--demo; {files}, synthetic, "
        "suppliers marked '(demo)').",
        "build_loaded": "{loaded}",
        "build_up_to_date": "Nothing changed since the last build; the publications in {out} "
        "are up to date.",
        "build_written": "{files} written to {out} ({names}) in {seconds} s.",
        "build_no_figures": "No publications written: the store has no year with data.",
        "build_rejected": "{files} rejected; see the data-quality annex.",
        "build_nothing": "The store {db} holds no deliveries and no files were given. Give "
        "deliveries, or --demo for the synthetic demo.",
        "build_timings": "seconds per stage: {timings}",
        "written": "written: {path}",
        "warning_line": "warning: {text}",
        "busy": "working…",
        "loading_into": "loading {n} deliveries into {db}",
        "demo_generating": "generating the demo ({scale})…",
        "demo_written": "{files} written to {out}",
        "template_written": "template written: {path}",
        "serving": "jbr serve at http://{host}:{port} (store {db}{proxy})",
        "serving_behind_proxy": ", behind the TLS proxy",
        "publish_no_data": "The store holds no data for {year}; nothing published. Years "
        "with data: {years}.",
        "publish_identical": "{year} is already published (version {version}, {when} UTC) with "
        "exactly these figures; nothing changed.",
        "publish_changed": "{year} is already published (version {version}, {when} UTC) and "
        "its figures have changed since. Publish the correction with --note 'what was "
        "corrected'; nothing published.",
        "published": "{year} published at {when} UTC: {figures} figures.",
        "published_correction": "{year} correction published (version {version}) at {when} "
        "UTC: {figures} figures.",
        "site_updating": "updating the site and open data…",
        "site_updated": "site and open data updated in {out} ({files})",
        "token_created": "Token {id} for {supplier} ({ministry}). Keep it now: it is not shown "
        "again.",
        "tokens_title": "Tokens",
        "token_headers": "id|name|ministry|role|created|revoked",
        "no_tokens": "No tokens in {db} yet.",
        "token_not_active": "No active token {id}.",
        "token_revoked": "Token {id} revoked.",
        "doctor_headers": "check|status|finding|hint",
        "woo_later_left_out": "{n} request(s) received after the reporting date {day} left out.",
        "woo_title": "Woo requests on {day}",
        "woo_headers": "request|ministry|received|deadline|decision|status|penalty",
        "woo_days_left": "{n} working days left",
        "woo_days_late": "{n} days late",
        "woo_day_left": "1 working day left",
        "woo_day_late": "1 day late",
        "woo_total": "Total {total} requests: {parts}",
        "woo_due_soon": "Due within {days} working days: {n}",
        "woo_penalties": "Penalties owed: € {amount}",
        "store_exported": "{tables} tables, {rows} rows exported to {dir}",
        "store_imported": "{tables} tables, {rows} rows imported into {db}",
    },
}

# singular, plural key pairs for ``count``
NOUNS = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "file": ("file", "files"),
    "row": ("row", "rows"),
}


def say(lang: str, key: str, **fields: Any) -> str:
    """The message ``key`` in ``lang`` (Dutch for anything but "en"), filled in."""
    text = WORDS["en" if lang == "en" else "nl"][key]
    return text.format(**fields) if fields else text


def whole(n: int, lang: str) -> str:
    """A count in the notation of ``lang``: 12.345 (nl), 12,345 (en)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang != "en" else text


def count(lang: str, n: int, noun: str) -> str:
    """``1 fout``, ``3 fouten``, ``1.234 rijen``."""
    one, many = NOUNS[noun]
    return f"{whole(n, lang)} {say(lang, one if n == 1 else many)}"
