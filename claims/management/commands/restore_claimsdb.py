import gzip
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from claims.exports import dump
from claims.exports.restore import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Load a file written by dump_claimsdb into an empty, migrated database, "
        "keeping every id. Refuses to touch a database that already has content."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .json or .json.gz file from dump_claimsdb.")

    def handle(self, *args, path, **options):
        if not (path.endswith(".json") or path.endswith(".json.gz")):
            raise CommandError("The dump must be a .json or .json.gz file from dump_claimsdb.")
        if not os.path.isfile(path):
            raise CommandError(f"There is no file {path}.")
        if not dump.is_empty():
            present = ", ".join(
                f"{n} {label}"
                for label, n in dump.content_counts().items()
                if n and label != "auth.Group"
            )
            raise CommandError(
                f"The database is not empty ({present}); nothing was loaded. "
                "Restore into a freshly migrated database."
            )
        opener = gzip.open if path.endswith(".gz") else open
        try:
            with opener(path, "rt", encoding="utf-8") as stream:
                restore(stream)
        except RestoreError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        except DatabaseError as error:
            raise CommandError(
                f"The database refused a row of the dump ({error}). Nothing was loaded."
            ) from None
        counts = dump.content_counts()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        self.stdout.write(f"Restored {summary or 'nothing (the dump was empty)'}.")
