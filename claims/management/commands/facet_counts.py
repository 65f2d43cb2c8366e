"""Compare the stored claim counts of actors, places, events and sources with
the links (--check, the default), or work them all out again (--rebuild).

The services keep the counts (claims.services_counts); a row written around
them, by hand in a database shell, is what --rebuild puts right."""

from django.core.management.base import BaseCommand, CommandError

from claims.services_counts import entity_counts_check, entity_counts_rebuild


class Command(BaseCommand):
    help = "Check the stored claim counts against the links, or --rebuild them."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="work every count out again")
        parser.add_argument("--check", action="store_true", help="only compare (the default)")

    def handle(self, *args, rebuild, check, **options):
        if rebuild and check:
            raise CommandError("Choose --check or --rebuild, not both.")
        if rebuild:
            entity_counts_rebuild()
            self.stdout.write(self.style.SUCCESS("Every claim count worked out again."))
            return
        wrong = entity_counts_check()
        for model, rows in wrong.items():
            for pk, stored, true in rows[:10]:
                self.stdout.write(
                    f"{model._meta.verbose_name} {pk}: stored {stored}, {true} claims"
                )
            if len(rows) > 10:
                self.stdout.write(
                    f"... and {len(rows) - 10} more {model._meta.verbose_name_plural}"
                )
        total = sum(len(rows) for rows in wrong.values())
        if total:
            raise CommandError(f"{total} stored claim counts are wrong; run with --rebuild.")
        self.stdout.write(self.style.SUCCESS("Every stored claim count is right."))
