"""Import articles from files or folders; a thin wrapper over the import pipeline."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.ingest import ArticleRejected
from claims.ingest.extract import FORMATS
from claims.ingest.pipeline import human_size, prepare_article, size_refusal
from claims.ingest.suggest import entity_dictionary
from claims.models import Source
from claims.services import ServiceError, article_import
from claims.services_revisions import source_revise


def _files(paths):
    """Every file named, and every supported file inside the folders named, in order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
            )
        else:
            yield path


# From this size on a file takes a second or more (docs/import.md): progress is shown.
LONG_FILE_BYTES = 100 * 1024


class Command(BaseCommand):
    help = (
        "Import articles from .html/.htm/.txt/.md files or folders of them. "
        "Prints one line per file and a summary; exits with status 1 if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders.")
        parser.add_argument("--url", default="", help="Address of the original (one file only).")
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument(
            "--revision-of",
            metavar="SLUG",
            help="Store the file (one only) as a new version of the source with this slug.",
        )
        parser.add_argument("--note", default="", help="What changed (with --revision-of).")

    def handle(self, *args, paths, url, user, revision_of=None, note="", **options):
        imported_by = None
        if user:
            try:
                imported_by = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"No user named “{user}”.") from error
        files = list(_files(paths))
        if url and len(files) != 1:
            raise CommandError("--url applies to a single file.")
        if revision_of:
            return self._revise(files, revision_of, url, imported_by, note)
        entities = entity_dictionary()  # read once for the whole run
        created, present, failed = [], [], []
        for number, path in enumerate(files, start=1):
            prefix = f"[{number}/{len(files)}] {path}:"
            try:
                data = self._read(path)
                long = len(data) >= LONG_FILE_BYTES
                if long:  # seconds of work: say what is happening
                    self.stdout.write(f"{prefix} {human_size(len(data))}, preparing…")
                prepared = prepare_article(data, filename=path.name, url=url, entities=entities)
                if long and prepared.existing is None:
                    self.stdout.write(
                        f"{prefix} {len(prepared.sentences):,} sentences in "
                        f"{sum(prepared.timings.values()):.1f} s, storing…"
                    )
                source, is_new = article_import(prepared=prepared, imported_by=imported_by)
            except (ArticleRejected, ServiceError, OSError) as error:
                failed.append((path, str(error)))
                self.stdout.write(f"{prefix} {self.style.ERROR('failed')}: {error}")
                continue
            if is_new:
                created.append(source)
                self.stdout.write(
                    f"{prefix} {self.style.SUCCESS('created')} “{source.title}” "
                    f"({len(prepared.sentences)} sentences, /{source.slug}/)"
                )
            else:
                present.append(source)
                self.stdout.write(f"{prefix} already present as “{source.title}” (/{source.slug}/)")

        self.stdout.write(
            f"\n{len(created)} created, {len(present)} already present, {len(failed)} failed."
        )
        for path, reason in failed:
            self.stdout.write(f"  failed: {path}: {reason}")
        if failed:
            raise SystemExit(1)

    def _revise(self, files, slug, url, imported_by, note):
        if len(files) != 1:
            raise CommandError("--revision-of takes a single file.")
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            raise CommandError(f"No source with the slug “{slug}”.")
        path = files[0]
        try:
            prepared = prepare_article(self._read(path), filename=path.name, url=url)
            report = source_revise(
                source=source, prepared=prepared, imported_by=imported_by, note=note
            )
        except (ArticleRejected, ServiceError, OSError) as error:
            self.stdout.write(f"{path}: {self.style.ERROR('failed')}: {error}")
            raise SystemExit(1) from error
        self.stdout.write(
            f"{path}: {self.style.SUCCESS('stored')} as revision {report.revision.number} "
            f"of “{source.title}” (/{source.slug}/) in {report.seconds:.2f} s\n"
            f"  {report.summary}"
        )
        review = report.anchors.get("fuzzy", 0) + report.anchors.get("orphaned", 0)
        if review:
            self.stdout.write(f"{review} anchors wait in the review queue (/review/?tab=anchors).")

    def _read(self, path):
        if not path.exists():
            raise ArticleRejected("No such file or folder.")
        if not path.is_file():
            raise ArticleRejected("Not a regular file.")
        # Refuse oversized files before reading them into memory.
        limit, size = settings.CLAIMSDB_IMPORT_MAX_BYTES, path.stat().st_size
        if size > limit:
            raise ArticleRejected(size_refusal("The file", size, limit))
        return path.read_bytes()
