from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from .caching import watch_writes

        # Every connection notices its writes, so cached pages are dropped
        # after each one (claims.caching).
        connection_created.connect(watch_writes, dispatch_uid="claims-watch-writes")
