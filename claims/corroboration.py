"""How many sources make a claim: the claim browser's facet and sort, the API's
fields and the home page's list (docs/matching.md).

Read from Claim.source_count and Claim.first_source, which
services_matching.claims_corroboration_refresh keeps: the published sources
of the claim's anchors and of the claims editors confirmed as the same claim.
"""

from django.db.models import Q

from .models import Claim

# The facet's values: one source, two, three or more.
REPORTED_BY_CHOICES = [
    ("1", "1 source"),
    ("2", "2 sources"),
    ("3", "3 sources or more"),
]
_REPORTED_BY = {
    "1": Q(source_count__lte=1),
    "2": Q(source_count=2),
    "3": Q(source_count__gte=3),
}
# How many claims the home page lists.
HOME_LIMIT = 5


def reported_by(claims, value):
    """The claims made by as many published sources as the facet value says."""
    return claims.filter(_REPORTED_BY[value])


def reported_by_value(source_count):
    """The facet value ("1", "2" or "3") of a claim made by `source_count` sources."""
    return "1" if source_count <= 1 else "2" if source_count == 2 else "3"


def most_reported(limit=HOME_LIMIT):
    """The published claims made by the most sources (two or more), newest first among
    equals, with their first source."""
    return list(
        Claim.objects.published()
        .filter(source_count__gte=2)
        .select_related("first_source")
        .only(
            "pk",
            "statement",
            "status",
            "source_count",
            "first_source__slug",
            "first_source__title",
            "first_source__published_on",
            "first_source__date_precision",
        )
        .order_by("-source_count", "-created_at", "-pk")[:limit]
    )
