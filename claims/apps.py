from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from .caching import user_saved

        # Public pages name who assessed a claim (claims.caching.user_saved).
        post_save.connect(user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="claims-user")
        post_delete.connect(
            user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="claims-user-deleted"
        )
