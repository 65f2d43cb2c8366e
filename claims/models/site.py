from django.db import models


class ContentVersion(models.Model):
    """One row: a number raised after every write to the content (see claims.caching).

    Cached public pages are keyed by it, so a write makes every older page
    unreachable at once, in every server process.
    """

    number = models.BigIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="content_version_one_row")
        ]

    def __str__(self):
        return f"content version {self.number}"
