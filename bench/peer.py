"""claimsdb beside a peer: Datasette serving the same SQLite file, timed over HTTP.

Both servers run on 127.0.0.1 on the benchmark's SQLite corpus: claimsdb in
gunicorn (one sync worker, DEBUG off, page cache off, so every request
renders its page: the uncached figure), Datasette in its own process with
the file opened immutable (read-only, no locking). Four pairs of pages that
show a reader the same thing:

- the faceted claim list: `/claims/` against Datasette's table page of
  `claims_claim` with the published claims, newest first, 25 rows (claimsdb's
  page size) and facets on the columns Datasette can facet (status, kind and
  the attributed actor; claimsdb also facets by source, actor, place and
  event, links through other tables that Datasette does not facet);
- a filtered list: the same with `status=supported`;
- text search: `/claims/?q=<word>` against `?_search=<word>`, which Datasette
  answers from claimsdb's own FTS5 table (migration 0013) once the metadata
  names it (`fts_table`, `fts_pk`);
- a single claim: `/claims/<id>/` against Datasette's row page.

Each pair is timed interleaved, a claimsdb request then a Datasette request,
`repeats` times per round, over several rounds: both sides see the machine
in the same state. Every request opens a new connection (gunicorn's sync
workers close each one) and is timed until its body is read. Datasette's
suggested facets are off and its time limits raised, so it computes every
facet asked for and does nothing claimsdb's page does not.
"""

import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .load import LoadError, free_port, stop_process

CLAIMS_PER_PAGE = 25  # claims.views.browse.CLAIMS_PER_PAGE
DATASETTE_FACETS = ("status", "kind", "attributed_to_id")
DATASETTE_SETTINGS = {
    "suggest_facets": "off",
    "facet_time_limit_ms": "10000",
    "sql_time_limit_ms": "10000",
}
# The targets of issue 16 (docs/benchmarks.md): claimsdb time over Datasette's.
TARGET_RATIOS = {"faceted claim list": 0.5, "single claim": 1.0}


@dataclass(frozen=True)
class PeerPair:
    name: str
    claimsdb: str  # path on claimsdb
    datasette: str  # path on Datasette


@dataclass
class PairResult:
    name: str
    claimsdb_path: str
    datasette_path: str
    claimsdb_ms: list = field(default_factory=list)
    datasette_ms: list = field(default_factory=list)
    round_ratios: list = field(default_factory=list)
    claimsdb_kb: float | None = None
    datasette_kb: float | None = None
    datasette_rows: int | None = None  # Datasette's count of matching rows
    datasette_timed_out: list = field(default_factory=list)  # facets it gave up on

    @property
    def claimsdb_median(self):
        return round(statistics.median(self.claimsdb_ms), 1)

    @property
    def datasette_median(self):
        return round(statistics.median(self.datasette_ms), 1)

    @property
    def ratio(self):
        return round(self.claimsdb_median / self.datasette_median, 2)

    def as_dict(self):
        data = asdict(self)
        data.update(
            claimsdb_median_ms=self.claimsdb_median,
            datasette_median_ms=self.datasette_median,
            ratio=self.ratio,
        )
        return data


def datasette_metadata(database):
    """Datasette's metadata: claimsdb's FTS5 table behind the claims table's search box."""
    return {
        "title": "claimsdb benchmark corpus",
        "databases": {
            database: {
                "tables": {
                    # rowid of claims_claim_fts is the claim's id (migration 0013).
                    "claims_claim": {"fts_table": "claims_claim_fts", "fts_pk": "id"},
                    "claims_actor": {"label_column": "name"},
                }
            }
        },
    }


def peer_pairs(*, database, claim_id, status="supported", word="ceasefire"):
    """The four pairs, on the claim and filter values the page benchmark uses."""
    table = f"/{database}/claims_claim"
    listing = [
        ("is_published", "1"),
        ("_sort_desc", "created_at"),
        ("_size", str(CLAIMS_PER_PAGE)),
        *(("_facet", facet) for facet in DATASETTE_FACETS),
    ]
    return [
        PeerPair("faceted claim list", "/claims/", f"{table}?{urlencode(listing)}"),
        PeerPair(
            "filtered list (one status)",
            f"/claims/?{urlencode({'status': status})}",
            f"{table}?{urlencode([*listing, ('status', status)])}",
        ),
        PeerPair(
            "text search",
            f"/claims/?{urlencode({'q': word})}",
            f"{table}?{urlencode([('_search', word), *listing])}",
        ),
        PeerPair("single claim", f"/claims/{claim_id}/", f"{table}/{claim_id}"),
    ]


def fetch(port, path):
    """(status, milliseconds, body) of one GET on a new connection, body read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        body = response.read()
        return response.status, (time.perf_counter() - started) * 1000, body
    finally:
        connection.close()


class PeerError(RuntimeError):
    """A page answered something else than 200; the message says which."""


def time_pairs(pairs, *, claimsdb, datasette, rounds=3, repeats=10, warmup=2, log=None):
    """Time each pair interleaved; `claimsdb` and `datasette` are fetch(path) callables.

    Per round and pair: `warmup` untimed requests to each side, then
    claimsdb, Datasette, claimsdb, Datasette... `repeats` times each. The
    ratio of each round's medians is kept, so the spread across rounds shows.
    """
    results = {pair.name: PairResult(pair.name, pair.claimsdb, pair.datasette) for pair in pairs}
    for round_number in range(rounds):
        for pair in pairs:
            result = results[pair.name]
            for _ in range(warmup):
                _checked(claimsdb, pair.claimsdb)
                _checked(datasette, pair.datasette)
            ours, theirs = [], []
            for _ in range(repeats):
                ms, body = _checked(claimsdb, pair.claimsdb)
                ours.append(ms)
                result.claimsdb_kb = round(len(body) / 1024, 1)
                ms, body = _checked(datasette, pair.datasette)
                theirs.append(ms)
                result.datasette_kb = round(len(body) / 1024, 1)
            result.claimsdb_ms += ours
            result.datasette_ms += theirs
            result.round_ratios.append(
                round(statistics.median(ours) / statistics.median(theirs), 2)
            )
            if log:
                log(
                    f"round {round_number + 1} {pair.name:<28} claimsdb "
                    f"{statistics.median(ours):7.1f} ms  Datasette "
                    f"{statistics.median(theirs):7.1f} ms"
                )
    return list(results.values())


def _checked(fetcher, path):
    status, ms, body = fetcher(path)
    if status != 200:
        raise PeerError(f"{path} answered HTTP {status}.")
    return ms, body


def datasette_rows(fetcher, path):
    """Datasette's own count of the rows a table page matches, and facets that timed out."""
    table, _, query = path.partition("?")
    status, _, body = fetcher(f"{table}.json?{query}" if query else f"{table}.json")
    if status != 200:
        raise PeerError(f"{table}.json answered HTTP {status}.")
    data = json.loads(body)
    return data.get("filtered_table_rows_count"), data.get("facets_timed_out") or []


def datasette_path():
    """The datasette command installed beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("datasette")
    found = str(beside) if beside.exists() else shutil.which("datasette")
    if not found:
        raise LoadError(
            "Datasette is not installed: pip install -e '.[dev]' (it is a dev dependency)."
        )
    return found


class DatasetteServer:
    """`datasette serve` on one SQLite file, immutable, on 127.0.0.1; stopped on exit."""

    def __init__(self, sqlite_path, *, port=None, log_path=None):
        self.sqlite_path = Path(sqlite_path)
        self.database = self.sqlite_path.stem
        self.port = port or free_port()
        self.log_path = log_path
        self.process = None
        self._directory = None
        self._log = None

    def command(self, metadata_path):
        settings = [
            arg for name, value in DATASETTE_SETTINGS.items() for arg in ("--setting", name, value)
        ]
        return [
            datasette_path(),
            "serve",
            "--immutable",
            str(self.sqlite_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--metadata",
            str(metadata_path),
            *settings,
        ]

    def __enter__(self):
        if not self.sqlite_path.is_file():
            raise LoadError(f"No SQLite database at {self.sqlite_path}.")
        datasette_path()  # says how to install it before anything is made
        self._directory = tempfile.TemporaryDirectory(prefix="bench-peer-")
        metadata = Path(self._directory.name) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(self.database), indent=2))
        if self.log_path:
            self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            self.command(metadata),
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        stop_process(self.process)
        if self._log:
            self._log.close()
        if self._directory:
            self._directory.cleanup()

    def fetch(self, path):
        return fetch(self.port, path)

    def version(self):
        status, _, body = self.fetch("/-/versions.json")
        return json.loads(body)["datasette"]["version"] if status == 200 else None

    def _wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadError(
                    f"Datasette exited with status {self.process.returncode}; see its log."
                )
            try:
                if self.fetch("/-/versions.json")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise LoadError(f"Datasette did not answer within {timeout} s.")


def render_peer(run):
    """Markdown for one `make bench-peer`."""
    from .report import _busy

    machine, data = run["machine"], run["data"]
    lines = [
        "## claimsdb beside Datasette (`make bench-peer`)",
        "",
        f"Run {run['generated_at'][:16].replace('T', ' ')} UTC on {machine['cores']} cores, "
        f"{machine['memory_gib']} GiB memory, {machine['cpu']}; Python {machine['python']}, "
        f"Django {machine['django']}, Datasette {run['datasette_version']}, SQLite "
        f"{run['database'].get('version', '')}. The same SQLite file "
        f"({run['database'].get('size_mb', '?')} MB: {data['sources']:,} sources, "
        f"{data['sentences']:,} sentences, {data['claims']:,} claims) served on 127.0.0.1 by "
        "claimsdb (gunicorn, one sync worker, DEBUG off, page cache off: every page rendered) "
        "and by Datasette (immutable, suggested facets off, time limits raised so every facet "
        "is computed). Each pair timed interleaved, a claimsdb request then a Datasette "
        f"request, {run['repeats']} times per round after {run['warmup']} untimed each, "
        f"{run['rounds']} rounds; a new connection per request, timed until the body is read. "
        "Medians over all rounds; the ratio is claimsdb's median over Datasette's (below 1: "
        "claimsdb is faster), with the range of the rounds' ratios." + _busy([run]),
        "",
        "| pair | claimsdb | Datasette | claimsdb ms | Datasette ms | claimsdb / Datasette "
        "| rounds | KB (claimsdb, Datasette) | target |",
        "|---|---|---|---:|---:|---:|---|---|---|",
    ]
    for result in run["pairs"]:
        ratios = result["round_ratios"]
        target = TARGET_RATIOS.get(result["name"])
        verdict = ""
        if target is not None:
            met = "met" if result["ratio"] <= target else "missed"
            verdict = f"at most {target:g}: {met}"
        lines.append(
            f"| {result['name']} | `{result['claimsdb_path']}` | `{result['datasette_path']}` "
            f"| {result['claimsdb_median_ms']} | {result['datasette_median_ms']} "
            f"| {result['ratio']:.2f} | {min(ratios):.2f}-{max(ratios):.2f} "
            f"| {result['claimsdb_kb']}, {result['datasette_kb']} | {verdict} |"
        )
    counts = [
        f"{r['name']} {r['datasette_rows']:,}"
        for r in run["pairs"]
        if r.get("datasette_rows") is not None
    ]
    if counts:
        lines += ["", "Rows Datasette matched (its own count): " + "; ".join(counts) + "."]
    timed_out = [
        f"{r['name']}: {', '.join(r['datasette_timed_out'])}"
        for r in run["pairs"]
        if r.get("datasette_timed_out")
    ]
    if timed_out:
        lines.append("Facets Datasette gave up on (its time limit): " + "; ".join(timed_out) + ".")
    return "\n".join(lines)
