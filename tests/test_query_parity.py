"""The one query layer (marsad.store.queries): the CLI, the REST API, the pages and the exports take the same
filters, refuse the same bad values with the same message, and read the same vocabularies."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest
import yaml
from fastapi.testclient import TestClient
from test_store import make_doc

from marsad import model
from marsad.cli import build_parser, main
from marsad.store import Store
from marsad.store import queries as q
from marsad.web import create_app

# Paging differs by interface and is no filter: the API pages (page, per_page), the CLI takes the first N.
API_PAGING = {"page", "per_page"}
CLI_OWN = {"help", "db", "json", "limit", "top", "handler", "action", "items"}  # action, items: `events merge|split`
CLI_COMMAND = {"articles": "search", "events": "events", "quotes": "quotes", "actors": "actors"}
API_LIST = {"articles": "/api/articles", "events": "/api/events", "quotes": "/api/quotes", "actors": "/api/actors"}
PAGE = {"articles": "/", "events": "/events", "quotes": "/quotes", "actors": "/actors"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("parity") / "archive.db"
    with Store.open(path) as s:
        s.add_document(make_doc())  # two events (host happened, meet planned), one quote by Safadi
        s.add_document(make_doc(body="اختتمت في الرباط القمة الإقليمية للمياه بمشاركة وزير الخارجية المغربي.",
                                title="=قمة المياه", date="2020-01-05"))
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/api/openapi.json").json()


def _subparser(command: str) -> argparse.ArgumentParser:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def _cli_filters(command: str) -> set[str]:
    return {a.dest for a in _subparser(command)._actions} - CLI_OWN - {"what", "format", "out"}


def _api_params(spec: dict, path: str) -> set[str]:
    return {p["name"] for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def _page_params(path: str) -> set[str]:
    """The query parameters a page declares (pages are left out of the OpenAPI description)."""
    from marsad.web.routes import pages

    route = next(r for r in pages.routes if r.path == path and "GET" in r.methods)

    def names(dependant) -> set[str]:
        return {p.name for p in dependant.query_params} | {n for d in dependant.dependencies for n in names(d)}

    return names(route.dependant)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- parity -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("table", list(CLI_COMMAND))
def test_every_filter_of_a_list_is_in_the_cli_the_api_and_the_page(table, spec):
    filters = set(q.filter_names(table))
    assert _cli_filters(CLI_COMMAND[table]) == filters, f"marsad {CLI_COMMAND[table]}"
    assert _api_params(spec, API_LIST[table]) - API_PAGING == filters, API_LIST[table]
    assert _page_params(PAGE[table]) - API_PAGING == filters, PAGE[table]


def test_an_actors_events_and_quotes_take_the_lists_filters_but_the_actor(spec):
    assert _api_params(spec, "/api/actors/{actor_id}/events") - API_PAGING == set(q.filter_names("events")) - {"actor"}
    assert _api_params(spec, "/api/actors/{actor_id}/quotes") - API_PAGING == set(q.filter_names("quotes")) - {"speaker"}


def test_the_exports_take_the_filters_of_each_table(spec):
    union = {name for what in q.EXPORTS for name in q.filter_names(what)}
    assert _cli_filters("export") == union
    assert _api_params(spec, "/api/export/{name}") == union
    for table in ("articles", "events", "quotes"):  # a table with a list exports with that list's filters
        assert set(q.filter_names(table)) <= union


def test_parity_table_in_the_docs_is_the_query_layers():
    """docs/api.md lists each list's filters; they are the query layer's (a filter added to FILTERS without
    its documentation fails here)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    for table in CLI_COMMAND:
        row = next(line for line in text.splitlines() if line.startswith(f"| `GET {API_LIST[table]}`"))
        for name in q.filter_names(table):
            assert f"`{name}`" in row, (table, name)


# ---- one validation, one message ---------------------------------------------------------------------------

@pytest.mark.parametrize(("command", "path", "argv", "params", "parameter"), [
    ("events", "/api/events", ["--since", "2015-02-30"], {"since": "2015-02-30"}, "since"),
    ("events", "/api/events", ["--until", "2015-13"], {"until": "2015-13"}, "until"),
    ("events", "/api/events", ["--since", "2016", "--until", "2015"], {"since": "2016", "until": "2015"}, "since"),
    ("events", "/api/events", ["--status", "maybe"], {"status": "maybe"}, "status"),
    ("events", "/api/events", ["--mode", "telepathy"], {"mode": "telepathy"}, "mode"),
    ("events", "/api/events", ["--sort", "random"], {"sort": "random"}, "sort"),
    ("quotes", "/api/quotes", ["--via", "guessed"], {"via": "guessed"}, "via"),
    ("quotes", "/api/quotes", ["--speaker", "x" * 501], {"speaker": "x" * 501}, "speaker"),
    ("actors", "/api/actors", ["--type", "ANIMAL"], {"type": "ANIMAL"}, "type"),
    ("search", "/api/search", ['"unbalanced'], {"q": '"unbalanced'}, "q"),
    ("search", "/api/search", ["وزير", "--type", "PARTY"], {"q": "وزير", "type": "PARTY"}, "type"),
])
def test_a_bad_value_is_the_same_error_everywhere(capsys, client, db, command, path, argv, params, parameter):
    r = client.get(path, params=params)
    assert r.status_code == 400 and r.json()["error"] == "bad-parameter" and r.json()["parameter"] == parameter
    detail = r.json()["detail"]
    assert detail.startswith(f"{parameter}: ")
    code, out, err = cli(capsys, command, *argv, "--db", db)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip() == f"marsad: error: [E100] {detail}"
    page = client.get({"/api/search": "/", "/api/events": "/events", "/api/quotes": "/quotes",
                       "/api/actors": "/actors"}[path], params=params)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")


def test_events_since_an_impossible_date_is_refused_not_empty(capsys, client, db):
    """The issue's example: `marsad events --since 2015-02-30` printed [] and exited 0."""
    code, out, err = cli(capsys, "events", "--since", "2015-02-30", "--db", db, "--json")
    api = client.get("/api/events", params={"since": "2015-02-30"}).json()
    assert code == 2 and out == "" and api["detail"] in err and "is not a real date" in err


def test_a_filter_of_another_table_is_refused_not_ignored(capsys, client, db):
    r = client.get("/api/export/quotes.csv", params={"status": "planned"})
    assert r.status_code == 400 and r.json()["parameter"] == "status"
    code, _out, err = cli(capsys, "export", "--what", "quotes", "--status", "planned", "--db", db)
    assert code == 2 and "status: is not a filter of quotes" in err
    with pytest.raises(q.BadParameter, match="stauts"):
        q.parse("events", stauts="planned")


def test_limits_below_one_are_refused(capsys, db):
    code, _out, err = cli(capsys, "events", "--limit", "0", "--db", db)
    assert code == 2 and "limit: must be a whole number of at least 1" in err
    code, _out, err = cli(capsys, "actors", "--top", "-3", "--db", db)
    assert code == 2 and "top:" in err


# ---- the same answers ---------------------------------------------------------------------------------------

def test_the_quotes_download_follows_the_speaker(client, capsys, db):
    """/api/export/quotes.csv?speaker=… ignored the speaker; now it and `marsad export` filter as the list."""
    every = list(csv.DictReader(io.StringIO(client.get("/api/export/quotes.csv").content.decode("utf-8-sig"))))
    assert len(every) == 1
    none = client.get("/api/export/quotes.csv", params={"speaker": "شكري"}).content.decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(none))) == []
    safadi = client.get("/api/export/quotes.jsonl", params={"speaker": "الصفدي", "via": "stated"}).text
    assert [json.loads(line)["speaker"] for line in safadi.splitlines()] == ["أيمن الصفدي"]
    code, out, _ = cli(capsys, "export", "--what", "quotes", "--format", "jsonl", "--speaker", "شكري", "--db", db)
    assert code == 0 and out == ""


@pytest.mark.parametrize(("argv", "params"), [
    (["--status", "planned"], {"status": "planned"}),
    (["--mode", "HOST"], {"mode": "host"}),  # a vocabulary's spelling in any case
    (["--type", "consult", "--sort", "date"], {"type": "CONSULT", "sort": "date"}),
    (["--place", "عمان"], {"place": "عمان"}),
    (["--actor", "Ayman Safadi", "--until", "2019-03"], {"actor": "Ayman Safadi", "until": "2019-03"}),
])
def test_the_cli_the_api_and_the_export_list_the_same_events(capsys, client, db, argv, params):
    code, out, _ = cli(capsys, "events", *argv, "--db", db, "--json")
    from_cli = [e["id"] for e in json.loads(out)]
    from_api = [e["id"] for e in client.get("/api/events", params=params).json()["items"]]
    exported = [json.loads(line)["id"] for line in client.get("/api/export/events.jsonl", params=params).text.splitlines()]
    code2, out2, _ = cli(capsys, "export", "--what", "events", *argv, "--db", db)
    assert code == code2 == 0
    assert from_cli == from_api == exported == [json.loads(line)["id"] for line in out2.splitlines()]
    assert from_cli  # each of these finds something in the archive


def test_search_from_the_cli_is_the_apis_with_every_match(capsys, client, db):
    code, out, _ = cli(capsys, "search", "وزير", "--since", "2020", "--db", db, "--json")
    hits = json.loads(out)
    api = client.get("/api/search", params={"q": "وزير", "since": "2020"}).json()["items"]
    assert code == 0 and [h["id"] for h in hits] == [a["id"] for a in api] and len(hits) == 1
    assert all(h["matches"] for h in hits) and "matches" not in api[0]
    code, out, _ = cli(capsys, "search", "--db", db, "--json", "--sort", "published")  # no query: a listing
    assert [h["published"] for h in json.loads(out)] == ["2019-03-12", "2020-01-05"]


def test_cli_export_guards_formulas_as_the_api_does(capsys, client, db):
    code, out, _ = cli(capsys, "export", "--what", "articles", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and "'=قمة المياه" in [r["title"] for r in rows]
    api = client.get("/api/export/articles.csv").content.decode("utf-8-sig")
    assert out == api  # the same bytes, the BOM aside


# ---- vocabularies -------------------------------------------------------------------------------------------

def test_vocabularies_come_from_the_model_and_the_data():
    from importlib import resources

    triggers = yaml.safe_load(resources.files("marsad.data").joinpath("events/triggers.yaml").read_text("utf-8"))
    assert set(q.event_modes()) == {t["mode"] for t in triggers["triggers"] if t.get("mode")}
    assert set(q.event_types()) == {t["type"] for t in triggers["triggers"]} | {"STATEMENT"}
    status = yaml.safe_load(resources.files("marsad.data").joinpath("events/status.yaml").read_text("utf-8"))
    worded = {k for k, v in status.items() if isinstance(v, dict) and {"before", "after"} & set(v)}
    assert worded | {"happened"} == set(model.EVENT_STATUSES)  # every status the stage's words can give
    from marsad.stages.events import STATUS_RANK

    assert set(STATUS_RANK) == set(model.EVENT_STATUSES)
    assert q.speaker_via_choices()[:3] == ("stated", "inferred", "unnamed")
    assert set(q.speaker_via_choices()) == set(model.SPEAKER_VIA) | set(model.SPEAKER_VIA_GROUPS)
    assert q.FILTERS["actors"][0].choices() == model.ENTITY_TYPES
