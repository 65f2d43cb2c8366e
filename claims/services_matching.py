"""Writes for claims across sources: candidate matches, an editor's decision on
one, and the corroboration each claim carries (docs/matching.md).

claims.services calls `claim_matches_refresh` when a claim is created or its
statement, quotes or links change, `claims_corroboration_refresh` wherever
anchors, publication or "same" relations change, and `suggestions_match`
when an article is imported. Views call `claim_match_decide`.
"""

from django.db.models import Q
from django.utils import timezone

from . import matching
from .fragments import claim_pages_changed, every_claim_page_changed
from .models import Anchor, Claim, ClaimMatch, ClaimRelation, ClaimSuggestion
from .models.claims import SYMMETRIC_RELATIONS
from .services import ServiceError, writes_claims

# What an editor may decide about a candidate: a relation kind, or dismiss.
DECISIONS = {
    "same": ClaimRelation.Kind.SAME,
    "contradicts": ClaimRelation.Kind.CONTRADICTS,
    "related": ClaimRelation.Kind.RELATED,
    "dismiss": None,
}


def _pair(a, b):
    a, b = getattr(a, "pk", a), getattr(b, "pk", b)
    return (a, b) if a < b else (b, a)


# Proposed matches show only to editors, whose claim pages are never cached.
@writes_claims
def claim_matches_refresh(*, claims):
    """Find the candidates of `claims` (claims or ids) again and store them as proposed matches.

    A pair an editor decided (confirmed or dismissed) stays as decided and is
    never proposed again; a proposed pair no longer found goes. Returns the
    number of proposed matches stored."""
    stored = 0
    now = timezone.now()
    for pk in sorted({getattr(claim, "pk", claim) for claim in claims}):
        found = {c.claim_id: c for c in matching.claim_candidates(pk)}
        rows = {
            (row.second_id if row.first_id == pk else row.first_id): row
            for row in ClaimMatch.objects.of(pk)
        }
        decided = {other for other, row in rows.items() if row.status != ClaimMatch.Status.PROPOSED}
        gone = [
            row.pk for other, row in rows.items() if other not in found and other not in decided
        ]
        if gone:
            ClaimMatch.objects.filter(pk__in=gone).delete()
        changed, new = [], []
        for other, candidate in found.items():
            if other in decided:
                continue
            row = rows.get(other)
            if row is None:
                first, second = _pair(pk, other)
                row = ClaimMatch(first_id=first, second_id=second)
                new.append(row)
            else:
                changed.append(row)
            row.score, row.stance, row.shares = candidate.score, candidate.stance, candidate.shares
            row.computed_at = now
        ClaimMatch.objects.bulk_update(changed, ["score", "stance", "shares", "computed_at"])
        # Another writer may have stored the same pair meanwhile: theirs stands.
        ClaimMatch.objects.bulk_create(new, ignore_conflicts=True)
        stored += len(changed) + len(new)
    return stored


# A decided match shows only as the relation claim_relate makes.
@writes_claims
def claim_match_decide(*, claim, other, decision, editor):
    """An editor's decision on a proposed match: the same claim, a contradiction,
    related (each stored as a ClaimRelation, with who and when), or dismissed.

    A match is decided once: if another editor decided it first, or it is no
    longer proposed, ServiceError says so and nothing is written."""
    if decision not in DECISIONS:
        raise ServiceError(f"Unknown decision “{decision}”.")
    first, second = _pair(claim, other)
    match = ClaimMatch.objects.select_for_update().filter(first=first, second=second).first()
    if match is None:
        raise ServiceError("These claims are no longer proposed as a match; reload the page.")
    kind = DECISIONS[decision]
    status = ClaimMatch.Status.DISMISSED if kind is None else ClaimMatch.Status.CONFIRMED
    decided = ClaimMatch.objects.filter(pk=match.pk, status=ClaimMatch.Status.PROPOSED).update(
        status=status, decided_by=editor, decided_at=timezone.now()
    )
    if not decided:
        match.refresh_from_db()
        by = f" by {match.decided_by}" if match.decided_by_id else ""
        raise ServiceError(
            f"This match was already {match.get_status_display()}{by}; nothing was saved."
        )
    if kind is not None:
        claim_relate(claim=claim, other=other, kind=kind, editor=editor)
    match.refresh_from_db()
    return match


@writes_claims
def claim_relate(*, claim, other, kind, editor):
    """Record that `claim` and `other` are related (`kind`), once per pair and kind.

    "same" and "related" read the same from either end and are stored from the
    lower claim id; a "same" relation changes both claims' corroboration."""
    a, b = getattr(claim, "pk", claim), getattr(other, "pk", other)
    if a == b:
        raise ServiceError("A claim cannot be related to itself.")
    if kind in SYMMETRIC_RELATIONS:
        a, b = _pair(a, b)
    either = Q(from_claim=a, to_claim=b) | Q(from_claim=b, to_claim=a)
    relation = ClaimRelation.objects.filter(either, kind=kind).first()
    if relation is None:
        relation = ClaimRelation.objects.create(
            from_claim_id=a, to_claim_id=b, kind=kind, created_by=editor
        )
    claim_pages_changed([a, b])
    if kind == ClaimRelation.Kind.SAME:
        claims_corroboration_refresh(claims=[a, b])
    return relation


def same_claims(ids):
    """`ids` and every claim confirmed the same as one of them, transitively."""
    seen = set(ids)
    frontier = set(ids)
    while frontier:
        pairs = ClaimRelation.objects.filter(
            Q(from_claim__in=frontier) | Q(to_claim__in=frontier), kind=ClaimRelation.Kind.SAME
        ).values_list("from_claim_id", "to_claim_id")
        found = {pk for pair in pairs for pk in pair} - seen
        seen |= found
        frontier = found
    return seen


@writes_claims
def claims_corroboration_refresh(*, claims=None):
    """Set `source_count` and `first_source` of `claims` (claims, ids or a queryset;
    None: all) and of the claims confirmed the same as them.

    A claim is made by the published sources of its own anchors and of the
    anchors of every claim confirmed the same as it; the first source is the
    earliest published of them (undated last). Returns how many claims changed."""
    if claims is None:
        ids = None
        groups = _groups(
            ClaimRelation.objects.filter(kind=ClaimRelation.Kind.SAME).values_list(
                "from_claim_id", "to_claim_id"
            )
        )
    else:
        if hasattr(claims, "values_list"):
            claims = claims.values_list("pk", flat=True)
        ids = same_claims({getattr(claim, "pk", claim) for claim in claims})
        if not ids:
            return 0
        groups = _groups(
            ClaimRelation.objects.filter(
                kind=ClaimRelation.Kind.SAME, from_claim__in=ids
            ).values_list("from_claim_id", "to_claim_id")
        )
    anchors = Anchor.objects.filter(source__is_published=True)
    if ids is not None:
        anchors = anchors.filter(claim__in=ids)
    sources = {}  # claim id -> {source id: (date or None, source id)}
    for claim_id, source_id, published_on in anchors.values_list(
        "claim_id", "source_id", "source__published_on"
    ):
        sources.setdefault(claim_id, {})[source_id] = published_on
    claims_qs = Claim.objects.all() if ids is None else Claim.objects.filter(pk__in=ids)
    changed = []
    for claim in claims_qs.only("pk", "source_count", "first_source"):
        made_by = {}
        for member in groups.get(claim.pk, {claim.pk}):
            made_by.update(sources.get(member, {}))
        first = min(
            made_by, key=lambda pk: (made_by[pk] is None, made_by[pk] or 0, pk), default=None
        )
        if (claim.source_count, claim.first_source_id) != (len(made_by), first):
            claim.source_count, claim.first_source_id = len(made_by), first
            changed.append(claim)
    Claim.objects.bulk_update(changed, ["source_count", "first_source"], batch_size=1000)
    if ids is None:
        every_claim_page_changed()
    else:
        claim_pages_changed(changed)
    return len(changed)


def _groups(pairs):
    """{claim id: the set of claims the same as it} for the claims in `pairs` (union-find)."""
    parent = {}

    def root(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    members = {}
    for x in list(parent):
        members.setdefault(root(x), set()).add(x)
    return {x: members[root(x)] for x in parent}


def suggestions_match(*, suggestions):
    """Store on each suggestion the claims of other sources that say the same or the opposite.

    Called by the import for the suggestions it stored; a snapshot for the
    editor deciding (ClaimSuggestion.similar_claims). Matched all at once
    (matching.candidates_for_many): one by one, the 1,000 suggestions of a
    200 KB article took 35 s."""
    suggestions = list(suggestions)
    profiles = matching.suggestion_profiles(suggestions)
    changed = []
    for suggestion, found in zip(suggestions, matching.candidates_for_many(profiles), strict=True):
        similar = [
            {"claim": c.claim_id, "score": c.score, "stance": c.stance}
            for c in found[: matching.SHOWN]
        ]
        if similar != suggestion.similar_claims:
            suggestion.similar_claims = similar
            changed.append(suggestion)
    ClaimSuggestion.objects.bulk_update(changed, ["similar_claims"], batch_size=500)
    return len(changed)
