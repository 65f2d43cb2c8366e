"""Load the fixtures in fixtures/ once, without ever overwriting editors' work.

`loaddata` writes rows by primary key: run again, it would put a seed claim's
status back to the fixture's value after an editor had assessed it, and in a
database that already holds other articles it would overwrite their rows.
So a fixture whose sources are all present is skipped, and a fixture is only
loaded into a database with no claims data at all.
"""

import functools
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from claims.models import Actor, Claim, Place, Source
from claims.services import content_load


class Command(BaseCommand):
    help = "Load fixtures/*.json into an empty database; skip those already loaded."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="fixture files (default: fixtures/*.json)")

    def handle(self, *args, paths, **options):
        paths = [Path(p) for p in paths] or sorted((settings.BASE_DIR / "fixtures").glob("*.json"))
        for path in paths:
            hashes = self.source_hashes(path)
            present = Source.objects.filter(content_sha256__in=hashes).count()
            if hashes and present == len(hashes):
                self.stdout.write(f"{path.name}: already loaded, left as it is")
                continue
            if present or any(m.objects.exists() for m in (Source, Claim, Actor, Place)):
                self.stderr.write(
                    f"{path.name}: not loaded: this database already holds other data and the "
                    "fixture would overwrite rows with the same ids. Load fixtures into an empty "
                    "database, or import the article with import_articles."
                )
                continue
            # loaddata writes rows as they are: the bulk path of the services
            # works out anchor states, publication and search documents after it.
            content_load(write=functools.partial(call_command, "loaddata", str(path), verbosity=0))
            self.stdout.write(self.style.SUCCESS(f"{path.name}: loaded"))

    def source_hashes(self, path):
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: cannot read fixture: {exc}") from exc
        return [r["fields"]["content_sha256"] for r in rows if r.get("model") == "claims.source"]
