"""bench.peer: claimsdb timed against Datasette. Only the test marked `datasette`
starts Datasette (a couple of seconds, on a hand-made five-row database)."""

import importlib
import json
import sqlite3
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management.base import CommandError

from bench.load import LoadError
from bench.management.commands.bench_peer import sqlite_file
from bench.peer import (
    DatasetteServer,
    PeerError,
    datasette_path,
    datasette_rows,
    peer_pairs,
    render_peer,
    time_pairs,
)


def recording(name, calls, ms, status=200):
    def fetch(path):
        calls.append((name, path))
        return status, ms, b"x" * 2048

    return fetch


def test_it_times_each_pair_interleaved_and_gives_the_ratio_of_medians():
    calls = []
    pairs = peer_pairs(database="bench", claim_id=7)
    results = time_pairs(
        pairs,
        claimsdb=recording("claimsdb", calls, 30.0),
        datasette=recording("datasette", calls, 20.0),
        rounds=2,
        repeats=3,
        warmup=1,
    )
    first_pair_round = calls[: 2 * (1 + 3)]
    assert [name for name, _ in first_pair_round] == ["claimsdb", "datasette"] * 4
    assert {path for _, path in first_pair_round} == {pairs[0].claimsdb, pairs[0].datasette}
    assert len(calls) == len(pairs) * 2 * 2 * (1 + 3)  # pairs x rounds x sides x requests
    faceted = results[0].as_dict()
    assert (faceted["claimsdb_median_ms"], faceted["datasette_median_ms"]) == (30.0, 20.0)
    assert faceted["ratio"] == 1.5 and faceted["round_ratios"] == [1.5, 1.5]
    assert len(faceted["claimsdb_ms"]) == 6 and faceted["claimsdb_kb"] == 2.0


def test_it_stops_at_a_page_that_does_not_answer_200():
    calls = []
    with pytest.raises(PeerError, match=r"/bench/claims_claim/7 answered HTTP 404"):
        time_pairs(
            peer_pairs(database="bench", claim_id=7)[3:],
            claimsdb=recording("claimsdb", calls, 1.0),
            datasette=recording("datasette", calls, 1.0, status=404),
        )


def test_datasette_is_asked_for_the_published_claims_newest_first_with_facets():
    faceted, filtered, search, claim = peer_pairs(database="bench", claim_id=7, word="siege")
    assert (faceted.claimsdb, claim.claimsdb) == ("/claims/", "/claims/7/")
    assert claim.datasette == "/bench/claims_claim/7"
    url = urlsplit(faceted.datasette)
    assert url.path == "/bench/claims_claim"
    query = parse_qsl(url.query)
    assert ("is_published", "1") in query and ("_size", "25") in query
    assert ("_sort_desc", "created_at") in query
    assert [v for k, v in query if k == "_facet"] == ["status", "kind", "attributed_to_id"]
    assert filtered.claimsdb == "/claims/?status=supported"
    assert ("status", "supported") in parse_qsl(urlsplit(filtered.datasette).query)
    assert search.claimsdb == "/claims/?q=siege"
    assert ("_search", "siege") in parse_qsl(urlsplit(search.datasette).query)


def peer_run(ratios):
    def pair(name, ratio):
        return {
            "name": name,
            "claimsdb_path": "/claims/",
            "datasette_path": "/bench/claims_claim",
            "claimsdb_median_ms": round(20 * ratio, 1),
            "datasette_median_ms": 20.0,
            "ratio": ratio,
            "round_ratios": [ratio - 0.1, ratio, ratio + 0.1],
            "claimsdb_kb": 30.0,
            "datasette_kb": 60.0,
            "datasette_rows": 9676,
            "datasette_timed_out": [],
        }

    return {
        "generated_at": "2026-12-04T21:30:00+00:00",
        "machine": {
            "cores": 2,
            "memory_gib": 23.5,
            "cpu": "AMD EPYC",
            "python": "3.13.0",
            "django": "6.1.3",
        },
        "database": {"engine": "sqlite", "version": "3.40.1", "size_mb": 40.1},
        "data": {"sources": 1000, "sentences": 50877, "claims": 10000},
        "datasette_version": "0.65.5",
        "rounds": 3,
        "repeats": 10,
        "warmup": 2,
        "pairs": [pair(name, ratio) for name, ratio in ratios.items()],
        "load_average": {"before": [1.2, 1.0, 0.9], "after": [2.1, 1.2, 1.0]},
        "cpu_reference_ms": {"before": 41.0, "after": 44.5},
    }


def test_the_report_gives_each_ratio_its_spread_and_the_issues_targets():
    text = render_peer(
        peer_run({"faceted claim list": 1.9, "text search": 0.4, "single claim": 0.9})
    )
    assert "Load average (1 min) during the runs: 1.2 to 2.1 on 2 cores." in text
    assert "before and after the runs: 41.0 to 44.5 ms." in text
    assert "Datasette 0.65.5" in text and "page cache off" in text
    assert "| 38.0 | 20.0 | 1.90 | 1.80-2.00 |" in text
    assert "| at most 0.5: missed |" in text  # the faceted list
    assert "| at most 1: met |" in text  # the single claim
    assert "| text search |" in text and "| 30.0, 60.0 |  |" in text  # no target
    assert "faceted claim list 9,676" in text


def test_it_serves_only_a_sqlite_file(tmp_path):
    def connection(vendor, name):
        return SimpleNamespace(vendor=vendor, settings_dict={"NAME": name})

    with pytest.raises(CommandError, match="Datasette serves SQLite"):
        sqlite_file(connection("postgresql", "claimsdb_bench"))
    with pytest.raises(CommandError, match="No SQLite file at :memory:"):
        sqlite_file(connection("sqlite", ":memory:"))
    with pytest.raises(CommandError, match="generate the corpus first"):
        sqlite_file(connection("sqlite", str(tmp_path / "missing.sqlite3")))
    (tmp_path / "bench.sqlite3").write_bytes(b"")
    assert sqlite_file(connection("sqlite", str(tmp_path / "bench.sqlite3"))).name == (
        "bench.sqlite3"
    )


def tiny_claims_database(path):
    """The claims table's columns Datasette is asked about, and claimsdb's own FTS5
    table made by migration 0013's statements."""
    migration = importlib.import_module("claims.migrations.0013_sqlite_fts5")
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE claims_actor (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE claims_claim (
            id INTEGER PRIMARY KEY, statement TEXT, kind TEXT, status TEXT,
            attributed_to_id INTEGER REFERENCES claims_actor (id),
            is_published BOOL, created_at TEXT);
        CREATE TABLE claims_anchor (id INTEGER PRIMARY KEY, claim_id INTEGER, exact TEXT);
        INSERT INTO claims_actor VALUES (1, 'Northern Front'), (2, 'City Council');
        INSERT INTO claims_claim VALUES
            (11, 'Fighters entered the town', 'factual', 'supported', 1, 1, '2026-01-01'),
            (12, 'The bridge was shelled', 'factual', 'disputed', 2, 1, '2026-01-02'),
            (13, 'A fighter was captured', 'factual', 'supported', 1, 0, '2026-01-03'),
            (14, 'Talks resume on Monday', 'forecast', 'unassessed', NULL, 1, '2026-01-04');
        INSERT INTO claims_anchor VALUES (1, 12, 'shelling near the bridge by fighters');
        """
    )
    for statement in migration.FORWARD[:2]:  # the claims' FTS5 table, filled
        db.execute(statement)
    db.commit()
    db.close()


@pytest.mark.datasette
def test_datasette_searches_claimsdbs_fts_table_and_facets_the_claims(tmp_path):
    try:
        datasette_path()
    except RuntimeError:
        pytest.skip("Datasette is not installed")
    path = tmp_path / "bench.sqlite3"
    tiny_claims_database(path)
    faceted, filtered, search, claim = peer_pairs(database="bench", claim_id=12, word="fighter")
    with DatasetteServer(path) as datasette:
        for pair in (faceted, filtered, search, claim):
            status, _, body = datasette.fetch(pair.datasette)
            assert status == 200, pair.datasette
        assert b"The bridge was shelled" in datasette.fetch(claim.datasette)[2]
        # Stemmed through claimsdb's Porter tokenizer, statement or quote; published only.
        assert datasette_rows(datasette.fetch, search.datasette) == (2, [])
        assert datasette_rows(datasette.fetch, filtered.datasette) == (1, [])
        table, _, query = faceted.datasette.partition("?")
        data = json.loads(datasette.fetch(f"{table}.json?{query}")[2])
        statuses = {
            row["value"]: row["count"] for row in data["facet_results"]["status"]["results"]
        }
        assert statuses == {"supported": 1, "disputed": 1, "unassessed": 1}
        actors = {r["label"] for r in data["facet_results"]["attributed_to_id"]["results"]}
        assert actors == {"Northern Front", "City Council"}
        id_column = data["columns"].index("id")
        assert [row[id_column] for row in data["rows"]] == [14, 12, 11]  # newest first


def test_without_datasette_it_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "bench.sqlite3").write_bytes(b"")
    monkeypatch.setattr("sys.executable", str(tmp_path / "python"))
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(LoadError, match=r"pip install -e '\.\[dev\]'"):
        DatasetteServer(tmp_path / "bench.sqlite3").__enter__()
    with pytest.raises(LoadError, match="No SQLite database at"):
        DatasetteServer(tmp_path / "missing.sqlite3").__enter__()
