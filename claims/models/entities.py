from django.db import models
from django.db.models import Q
from django.urls import reverse

from .vocabulary import choices_check, most_claimed


class ActorKind(models.TextChoices):
    PERSON = "person", "person"
    STATE = "state", "state"
    ARMED_GROUP = "armed_group", "armed group"
    MILITARY_UNIT = "military_unit", "military unit"
    POLITICAL_ORG = "political_org", "political organisation"
    IGO = "igo", "intergovernmental organisation"
    AGENCY = "agency", "agency"
    OTHER = "other", "other"


class Actor(models.Model):
    Kind = ActorKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The body this actor is part of (YPG is part of the SDF).",
    )
    description = models.CharField(max_length=500, blank=True, help_text="One line.")
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="For example Q7747.")
    claim_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published claims linked to it; kept by claims.services_counts.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [most_claimed("name", "actor_most_claimed_idx")]
        constraints = [
            choices_check("kind", ActorKind, "actor_kind_valid"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="actor_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actor-detail", args=[self.slug])


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="A surface form used in texts.")

    class Meta:
        ordering = ["actor", "name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="actor_alias_unique"),
        ]

    def __str__(self):
        return self.name


class PlaceKind(models.TextChoices):
    COUNTRY = "country", "country"
    REGION = "region", "region / governorate"
    SETTLEMENT = "settlement", "city / town"
    BASE = "base", "base"
    WATER = "water", "water body"
    AREA = "area", "area"


class PlaceGeoPrecision(models.TextChoices):
    EXACT = "exact", "exact"
    NEAR = "near", "near (approximate)"
    CENTROID = "centroid", "region centroid"
    UNKNOWN = "unknown", "unknown"


class Place(models.Model):
    Kind = PlaceKind
    GeoPrecision = PlaceGeoPrecision

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SETTLEMENT)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The place this one lies in (Al-Bab lies in Aleppo governorate).",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geo_precision = models.CharField(
        max_length=10,
        choices=GeoPrecision.choices,
        default=GeoPrecision.UNKNOWN,
        help_text="How exact the coordinates are.",
    )
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    country_code = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    description = models.CharField(max_length=500, blank=True)
    claim_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published claims linked to it; kept by claims.services_counts.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [most_claimed("name", "place_most_claimed_idx")]
        constraints = [
            choices_check("kind", PlaceKind, "place_kind_valid"),
            choices_check("geo_precision", PlaceGeoPrecision, "place_geo_precision_valid"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="place_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("place-detail", args=[self.slug])

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


class PlaceAlias(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="A spelling used in texts.")

    class Meta:
        ordering = ["place", "name"]
        verbose_name_plural = "place aliases"
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique"),
        ]

    def __str__(self):
        return self.name
