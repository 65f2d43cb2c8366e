"""Controlled vocabularies shared by several models (see docs/design.md)."""

from django.db import models
from django.db.models import Q


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    SEASON = "season", "season"
    YEAR = "year", "year"
    UNKNOWN = "unknown", "unknown"


class EvidenceStatus(models.TextChoices):
    UNASSESSED = "unassessed", "Unassessed"
    SUPPORTED = "supported", "Supported"
    PARTLY_SUPPORTED = "partly_supported", "Partly supported"
    UNVERIFIED = "unverified", "Unverified"
    DISPUTED = "disputed", "Disputed"
    REFUTED = "refuted", "Refuted"
    NOT_CHECKABLE = "not_checkable", "Not checkable"


STATUS_MEANINGS = {
    EvidenceStatus.UNASSESSED: "Nobody has judged it yet.",
    EvidenceStatus.SUPPORTED: "Independent evidence confirms it.",
    EvidenceStatus.PARTLY_SUPPORTED: "Parts are confirmed, parts are not.",
    EvidenceStatus.UNVERIFIED: "Looked for, found nothing either way.",
    EvidenceStatus.DISPUTED: "Credible sources conflict.",
    EvidenceStatus.REFUTED: "Reliable evidence contradicts it.",
    EvidenceStatus.NOT_CHECKABLE: "Opinion, prediction or too vague to check.",
}

# schema.org ClaimReview reviewRating: ratingValue on a 1 (worst) .. 5 (best)
# scale; None where the status is no verdict on truth.
CLAIMREVIEW_RATINGS = {
    EvidenceStatus.SUPPORTED: 5,
    EvidenceStatus.PARTLY_SUPPORTED: 3,
    EvidenceStatus.UNVERIFIED: None,
    EvidenceStatus.DISPUTED: 2,
    EvidenceStatus.REFUTED: 1,
    EvidenceStatus.NOT_CHECKABLE: None,
}


def choices_check(field, choices_class, name):
    """A CheckConstraint keeping `field` inside a TextChoices vocabulary."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices_class.values}), name=name)


def most_claimed(label, name, condition=None):
    """An index in the order the facets and menus list entities: most published
    claims first, then by `label` (claim_count, kept by claims.services_counts)."""
    return models.Index(fields=["-claim_count", label, "id"], name=name, condition=condition)


def span_check(prefix):
    """Offsets start/end into a text: non-negative and non-empty."""
    return models.CheckConstraint(
        condition=Q(start__gte=0) & Q(end__gt=models.F("start")), name=f"{prefix}_span_valid"
    )
