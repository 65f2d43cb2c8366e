from django.core.management.base import BaseCommand

from claims.caching import content_changed
from claims.search import claim_search_refresh, is_postgresql


class Command(BaseCommand):
    help = (
        "Recompute every claim's full-text search document (PostgreSQL). Needed only "
        "after rows written outside Django (psql, a plain loaddata)."
    )

    def handle(self, *args, **options):
        if not is_postgresql():
            self.stdout.write("SQLite searches the text directly; nothing to rebuild.")
            return
        count = claim_search_refresh()
        content_changed()  # search results may differ: drop the cached pages
        self.stdout.write(f"Refreshed the search document of {count} claims.")
