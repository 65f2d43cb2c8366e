import gzip
import sys

from django.core.management.base import BaseCommand

from claims.exports import dump


class Command(BaseCommand):
    help = (
        "Write everything (sources, sentences, entities, mentions, events, claims with "
        "anchors, quantities, assessment history, evidence, relations, edits, users and "
        "groups) as one JSON file that restore_claimsdb loads into an empty database. "
        "The file holds unpublished sources and password hashes: keep it private."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            help="File to write (a name ending in .gz is gzip-compressed); default stdout.",
        )

    def handle(self, *args, output, **options):
        if output == "-":
            for chunk in dump.dump_chunks():
                sys.stdout.write(chunk)
            return
        opener = gzip.open if output.endswith(".gz") else open
        with opener(output, "wt", encoding="utf-8") as stream:
            for chunk in dump.dump_chunks():
                stream.write(chunk)
        counts = dump.content_counts()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        self.stderr.write(f"Wrote {output}: {summary or 'nothing (the database is empty)'}.")
