from django.core.management.base import BaseCommand

from claims.caching import content_changed
from claims.search import claim_search_refresh, is_postgresql, sentence_fts_rebuild, uses_fts5


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search documents: every claim's (PostgreSQL), or "
        "SQLite's FTS5 tables for claims and sentences. Needed only after rows "
        "written outside Django (psql, sqlite3, a plain loaddata)."
    )

    def handle(self, *args, **options):
        if is_postgresql():
            count = claim_search_refresh()
            message = f"Refreshed the search document of {count} claims."
        elif uses_fts5():
            claims = claim_search_refresh()
            sentences = sentence_fts_rebuild()
            message = f"Rebuilt the FTS5 index of {claims} claims and {sentences} sentences."
        else:
            self.stdout.write("This SQLite has no FTS5: search reads the text directly.")
            return
        content_changed()  # search results may differ: drop the cached pages
        self.stdout.write(message)
