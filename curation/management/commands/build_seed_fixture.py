import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from curation.curation import CurationError, curation_read
from curation.seed import fixture_dump, readme_with_summary, seed_build, seed_summary


class Command(BaseCommand):
    help = (
        "Build fixtures/seed.json: import the seed article with the import pipeline, apply "
        "its curation (fixtures/curation/seed.yaml) and dump the result. The build runs in "
        "a scratch database, so the database you work with is not touched."
    )

    def add_arguments(self, parser):
        base = Path(settings.BASE_DIR)
        parser.add_argument(
            "--seed-dir",
            default=settings.CLAIMSDB_SEED_DIR,
            help="Folder holding the seed article (default: CLAIMSDB_SEED_DIR, %(default)s).",
        )
        parser.add_argument("--curation", default=base / "fixtures/curation/seed.yaml")
        parser.add_argument("--output", default=base / "fixtures/seed.json")
        parser.add_argument(
            "--readme",
            nargs="?",
            const=base / "README.md",
            help="Also rewrite the seed summary in this README (default README.md).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the output (and README) differ from a fresh build.",
        )

    def handle(self, *args, **options):
        curation_path, output = Path(options["curation"]), Path(options["output"])
        readme = Path(options["readme"]) if options["readme"] else None
        try:
            curation = curation_read(curation_path)
        except CurationError as error:
            raise CommandError(str(error)) from error
        seed_dir = Path(options["seed_dir"])
        if not seed_dir.is_dir():
            raise CommandError(
                f"The seed folder {seed_dir} does not exist; give --seed-dir or set "
                "CLAIMSDB_SEED_DIR."
            )
        if readme is not None and not readme.is_file():
            raise CommandError(f"There is no README at {readme}.")

        dumped = self._build_in_scratch_database(curation, seed_dir)
        summary = seed_summary(json.loads(dumped))
        new_readme = None
        if readme is not None:
            try:
                new_readme = readme_with_summary(readme.read_text(encoding="utf-8"), summary)
            except ValueError as error:
                raise CommandError(f"{readme}: {error}.") from error

        if options["check"]:
            stale = [str(output)] if not output.is_file() or output.read_text() != dumped else []
            if new_readme is not None and readme.read_text(encoding="utf-8") != new_readme:
                stale.append(str(readme))
            if stale:
                raise CommandError(f"Out of date (run build_seed_fixture): {', '.join(stale)}")
            self.stdout.write("The seed fixture is up to date.")
            return
        output.write_text(dumped, encoding="utf-8")
        if new_readme is not None:
            readme.write_text(new_readme, encoding="utf-8")
        self.stdout.write(f"Wrote {output}.\n{summary}")

    def _build_in_scratch_database(self, curation, seed_dir):
        # A fresh, migrated database (in memory on SQLite), as the test runner
        # makes one: the fixture's keys start at 1 whatever the working
        # database holds, and nothing is written to it.
        connection = connections[DEFAULT_DB_ALIAS]
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor != "sqlite":
            test_settings["NAME"] = f"{connection.settings_dict['NAME']}_seed_build"
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            seed_build(curation=curation, seed_dir=seed_dir)
            return fixture_dump(recorded_at=curation.get("recorded_at"))
        except CurationError as error:
            raise CommandError(str(error)) from error
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
