"""Time claimsdb against Datasette on the same SQLite corpus; see bench.peer."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.corpus import vacuum_analyze
from bench.load import LoadError, Server
from bench.pages import page_cases
from bench.peer import (
    DatasetteServer,
    PeerError,
    datasette_rows,
    fetch,
    peer_pairs,
    render_peer,
    time_pairs,
)
from bench.report import (
    cpu_reference_ms,
    data_size,
    database_info,
    machine_info,
    now_iso,
    write_json,
    write_section,
)


class Command(BaseCommand):
    help = (
        "Serve the SQLite corpus with claimsdb (gunicorn, page cache off) and with Datasette, "
        "and time four pairs of pages over HTTP, interleaved: claimsdb / Datasette ratios."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3, help="Rounds over the pairs.")
        parser.add_argument("--repeats", type=int, default=10, help="Timed pairs per round.")
        parser.add_argument("--warmup", type=int, default=2, help="Untimed requests first.")
        parser.add_argument("--word", default="ceasefire", help="The word searched for.")
        parser.add_argument("--json", help="Write the figures to this file.")
        parser.add_argument("--markdown", help="Write the peer section of this Markdown file.")
        parser.add_argument("--server-log", help="Write gunicorn's and Datasette's logs here.")

    def handle(self, *args, rounds, repeats, warmup, word, json: str, markdown, **options):
        if not (1 <= rounds <= 20 and 1 <= repeats <= 200 and 0 <= warmup <= 20):
            raise CommandError("--rounds must be 1-20, --repeats 1-200 and --warmup 0-20.")
        sqlite_path = sqlite_file(connection)
        claim = next(case for case in page_cases() if case.name == "claim").path
        if claim is None:
            raise CommandError("The database has no claim: run generate_corpus first.")
        claim_id = int(claim.strip("/").rsplit("/", 1)[1])
        vacuum_analyze()
        connection.close()  # the servers read the file; this process only times
        pairs = peer_pairs(database=sqlite_path.stem, claim_id=claim_id, word=word)
        logs = options["server_log"]
        load_before, speed_before = os.getloadavg(), cpu_reference_ms()
        try:
            with (
                Server(
                    database_url=os.environ["DATABASE_URL"],
                    workers=1,
                    page_cache=False,
                    log_path=f"{logs}.gunicorn" if logs else None,
                ) as claimsdb,
                DatasetteServer(
                    sqlite_path, log_path=f"{logs}.datasette" if logs else None
                ) as datasette,
            ):
                self.stdout.write(
                    f"claimsdb on 127.0.0.1:{claimsdb.port}, "
                    f"Datasette on 127.0.0.1:{datasette.port}"
                )
                results = time_pairs(
                    pairs,
                    claimsdb=lambda path: fetch(claimsdb.port, path),
                    datasette=datasette.fetch,
                    rounds=rounds,
                    repeats=repeats,
                    warmup=warmup,
                    log=self.stdout.write,
                )
                for result in results:
                    if "?" in result.datasette_path:
                        result.datasette_rows, result.datasette_timed_out = datasette_rows(
                            datasette.fetch, result.datasette_path
                        )
                version = datasette.version()
        except (LoadError, PeerError) as exc:
            raise CommandError(str(exc)) from exc
        run = {
            "generated_at": now_iso(),
            "machine": machine_info(),
            "database": database_info(),
            "data": data_size(),
            "datasette_version": version,
            "rounds": rounds,
            "repeats": repeats,
            "warmup": warmup,
            "pairs": [result.as_dict() for result in results],
            "load_average": {"before": load_before, "after": os.getloadavg()},
            "cpu_reference_ms": {"before": speed_before, "after": cpu_reference_ms()},
        }
        text = render_peer(run)
        self.stdout.write(text)
        if json:
            write_json(json, run)
        if markdown:
            write_section(markdown, "peer", text)
            self.stdout.write(f"Wrote {markdown}")


def sqlite_file(connection):
    """The SQLite file the configured database is; CommandError for anything else."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite":
        raise CommandError(
            "Datasette serves SQLite: point DATABASE_URL at the SQLite corpus "
            "(make bench-peer uses var/bench/claimsdb_bench.sqlite3)."
        )
    path = Path(name)
    if name == ":memory:" or "mode=memory" in name or not path.is_file():
        raise CommandError(f"No SQLite file at {name}: generate the corpus first.")
    return path
