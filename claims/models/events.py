from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .vocabulary import DatePrecision, choices_check, most_claimed


class EventKind(models.TextChoices):
    OFFENSIVE = "offensive", "offensive"
    BATTLE = "battle", "battle"
    SIEGE = "siege", "siege"
    AGREEMENT = "agreement", "agreement"
    CEASEFIRE = "ceasefire", "ceasefire"
    DEPLOYMENT = "deployment", "deployment"
    DELIVERY = "delivery", "delivery"
    POLITICAL = "political", "political"
    OTHER = "other", "other"


class Event(models.Model):
    Kind = EventKind

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The campaign this event is part of.",
    )
    date_earliest = models.DateField(
        null=True, blank=True, help_text="First day it may have begun."
    )
    date_latest = models.DateField(null=True, blank=True, help_text="Last day it may have ended.")
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    date_text = models.CharField(
        max_length=200, blank=True, help_text='The source\'s wording, e.g. "late December 2016".'
    )
    places = models.ManyToManyField("Place", blank=True, related_name="events")
    actors = models.ManyToManyField(
        "Actor", through="EventActor", blank=True, related_name="events"
    )
    claim_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published claims linked to it; kept by claims.services_counts.",
    )

    class Meta:
        ordering = [F("date_earliest").asc(nulls_last=True), "title"]
        indexes = [
            # That order, read from an index (PostgreSQL puts NULLs last in an
            # ascending index): the API's and the exports' pages sorted all
            # 20,000 events of the 10x corpus for each one.
            models.Index(fields=["date_earliest", "title", "id"], name="event_date_idx"),
            most_claimed("title", "event_most_claimed_idx"),
        ]
        constraints = [
            choices_check("kind", EventKind, "event_kind_valid"),
            choices_check("date_precision", DatePrecision, "event_date_precision_valid"),
            models.CheckConstraint(
                condition=Q(date_earliest__isnull=True)
                | Q(date_latest__isnull=True)
                | Q(date_earliest__lte=F("date_latest")),
                name="event_dates_ordered",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event-detail", args=[self.slug])


class EventActorRole(models.TextChoices):
    INITIATOR = "initiator", "initiator"
    TARGET = "target", "target"
    SUPPORTER = "supporter", "supporter"
    MEDIATOR = "mediator", "mediator"
    PARTICIPANT = "participant", "participant"


class EventActor(models.Model):
    Role = EventActorRole

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey("Actor", on_delete=models.CASCADE, related_name="event_roles")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTICIPANT)

    class Meta:
        ordering = ["event", "role", "actor"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="event_actor_unique"),
            choices_check("role", EventActorRole, "event_actor_role_valid"),
        ]

    def __str__(self):
        return f"{self.actor} ({self.role}) in {self.event}"
