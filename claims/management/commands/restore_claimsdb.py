import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from claims.exports import dump
from claims.services import anchors_check


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
        # loaddata runs in one transaction and resets the id sequences afterwards.
        call_command("loaddata", path, verbosity=0)
        # loaddata writes rows as they are: check each anchor against its text.
        anchors_check()
        counts = dump.content_counts()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        self.stdout.write(f"Restored {summary or 'nothing (the dump was empty)'}.")
