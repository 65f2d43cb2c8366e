from django.conf import settings
from django.db import models
from django.db.models import Q

from .vocabulary import choices_check, span_check


class MentionQuerySet(models.QuerySet):
    def suggested(self):
        return self.filter(status=Mention.Status.SUGGESTED)

    def confirmed(self):
        return self.filter(status=Mention.Status.CONFIRMED)

    def in_published_sources(self):
        """Mentions in sentences of published sources, said as "not in a sentence
        of an unpublished source": those are few, so PostgreSQL hashes them once
        instead of joining every mention to its sentence and source
        (docs/benchmarks.md)."""
        from .sources import Sentence

        hidden = Sentence.objects.filter(source__is_published=False)
        return self.exclude(sentence__in=hidden.values("pk"))


class MentionStatus(models.TextChoices):
    SUGGESTED = "suggested", "suggested"
    CONFIRMED = "confirmed", "confirmed"
    REJECTED = "rejected", "rejected"


class MentionOrigin(models.TextChoices):
    ALIAS = "alias", "alias match"
    GAZETTEER = "gazetteer", "gazetteer"
    NAME = "name", "new name"
    MANUAL = "manual", "manual"


class Mention(models.Model):
    """An occurrence of an actor or place in a sentence.

    Import suggests mentions; only a person confirms them. A gazetteer
    candidate (a place not yet in the database) has neither actor nor place
    and carries the gazetteer's data in `candidate` until an editor creates
    the place from it; a name no actor has yet (origin "name") carries
    {"name", "entity": "actor", "kind"} until an editor creates the actor.
    """

    Status = MentionStatus
    Origin = MentionOrigin

    sentence = models.ForeignKey("Sentence", on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField(help_text="Offset into the source text.")
    end = models.PositiveIntegerField(help_text="Offset into the source text.")
    surface = models.CharField(max_length=300, help_text="The text as it appears.")
    actor = models.ForeignKey(
        "Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    place = models.ForeignKey(
        "Place", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    candidate = models.JSONField(
        default=dict,
        blank=True,
        help_text="Gazetteer data for a place not yet created (name, geonames_id, lat, lon).",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["sentence", "start"]
        indexes = [
            models.Index(fields=["status"], name="mention_status_idx"),
            # The review queue's suggestions, a page at a time in reading order.
            models.Index(
                fields=["sentence", "start", "id"],
                condition=Q(status=MentionStatus.SUGGESTED),
                name="mention_suggested_idx",
            ),
        ]
        constraints = [
            span_check("mention"),
            choices_check("status", MentionStatus, "mention_status_valid"),
            choices_check("origin", MentionOrigin, "mention_origin_valid"),
            # Never both. Neither only for an unconfirmed gazetteer candidate.
            models.CheckConstraint(
                condition=Q(actor__isnull=True, place__isnull=False)
                | Q(actor__isnull=False, place__isnull=True)
                | (Q(actor__isnull=True, place__isnull=True) & ~Q(status="confirmed")),
                name="mention_actor_xor_place",
            ),
            models.UniqueConstraint(
                fields=["sentence", "start", "end", "actor"],
                condition=Q(actor__isnull=False),
                name="mention_actor_span_unique",
            ),
            models.UniqueConstraint(
                fields=["sentence", "start", "end", "place"],
                condition=Q(place__isnull=False),
                name="mention_place_span_unique",
            ),
        ]

    def __str__(self):
        return self.surface

    @property
    def entity(self):
        return self.actor or self.place
