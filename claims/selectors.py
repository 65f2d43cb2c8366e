"""Read queries for the researcher pages.

Each function returns what one page shows with a fixed number of queries,
however many rows there are (select_related / prefetch_related with Prefetch).
Views stay thin; the API and exports may reuse these.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Subquery
from django.http import Http404

from .models import (
    MISMATCHED_STATES,
    Actor,
    ActorAlias,
    Anchor,
    Assessment,
    Claim,
    ClaimPagesVersion,
    ClaimRelation,
    Contributor,
    Event,
    EventActor,
    Evidence,
    EvidenceStatus,
    Mention,
    Place,
    PlaceAlias,
    Sentence,
    Source,
    SourceRevision,
)
from .search import sentences_matching

# How many claims / mentions an entity page lists; the total is always shown.
ENTITY_LIST_LIMIT = 100


@dataclass
class Listing:
    """The first rows of a list and how many there are in all."""

    items: list
    total: int

    @property
    def more(self):
        return self.total > len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def _listing(queryset, limit=None):
    """At most `limit` rows (default ENTITY_LIST_LIMIT); a count query only when there are more."""
    limit = ENTITY_LIST_LIMIT if limit is None else limit
    items = list(queryset[: limit + 1])
    if len(items) > limit:
        return Listing(items[:limit], queryset.count())
    return Listing(items, len(items))


def _published_anchors():
    return Anchor.objects.filter(sentence__source__is_published=True).select_related(
        "sentence__source"
    )


# Home


SOURCE_ORDER = ("-published_on", "title", "pk")


def home_sources(page_sources=None):
    """Published sources with their claim counts, one attribute per status.

    `page_sources` is a (sliced) queryset of the sources to show, one page
    of them; the counts are computed for those only, in the same query.
    `source.status_counts` is a list of (status value, label, count) in
    vocabulary order, and `source.claim_total` the number of distinct claims.
    """
    anchor_claim = "sentences__anchors__claim"
    annotations = {
        f"n_{status}": Count(
            anchor_claim, filter=Q(**{f"{anchor_claim}__status": status}), distinct=True
        )
        for status in EvidenceStatus.values
    }
    sources = Source.objects.published()
    if page_sources is not None:
        sources = sources.filter(pk__in=page_sources.values("pk"))
    sources = list(
        sources.annotate(claim_total=Count(anchor_claim, distinct=True), **annotations)
        .prefetch_related(
            Prefetch("contributors", queryset=Contributor.objects.order_by("position", "id"))
        )
        .order_by(*SOURCE_ORDER)
    )
    for source in sources:
        source.status_counts = [
            (status.value, status.label, getattr(source, f"n_{status.value}"))
            for status in EvidenceStatus
        ]
    return sources


def site_totals(*, source_count=None):
    """Counts of what researchers can see, for the home page (`source_count`
    if the caller has counted the published sources already)."""
    claims = Claim.objects.published()
    # COUNT(*): PostgreSQL answers from the published claims' status index
    # alone; COUNT(id) made it read every claim's row.
    by_status = dict(claims.values_list("status").annotate(n=Count("*")).order_by())
    if source_count is None:
        source_count = Source.objects.published().count()
    return {
        "sources": source_count,
        "claims": sum(by_status.values()),
        "claims_by_status": [
            (status.value, status.label, by_status.get(status.value, 0))
            for status in EvidenceStatus
        ],
        "actors": Actor.objects.count(),
        "places": Place.objects.count(),
        "events": Event.objects.count(),
    }


# Reader


def _with_pages_version(queryset):
    """`queryset` with `pages_version`, the version every cached claim page and
    reader is rendered afresh under after an unscoped write, in the same query."""
    pages_version = ClaimPagesVersion.objects.filter(pk=1).values("value")
    return queryset.annotate(pages_version=Subquery(pages_version))


def source_for_key(slug):
    """A published source with only what its reader shows outside the cached
    parts (its title and address) and the versions they are keyed by
    (claims.fragments.reader_page_key): one query; Http404 otherwise."""
    try:
        return _with_pages_version(
            Source.objects.published().only("slug", "title", "page_version")
        ).get(slug=slug)
    except Source.DoesNotExist:
        raise Http404("No published source with this address.") from None


def source_for_reader(slug, *, with_text=True):
    """A published source with its contributors; Http404 otherwise.

    The raw upload is left behind, and without `with_text` the body too: a
    reader's text read back from the fragment cache (claims.fragments) needs
    neither, and the body is loaded when it is not there."""
    try:
        return (
            Source.objects.published()
            .defer(*(("raw",) if with_text else ("text", "raw")))
            .prefetch_related(
                Prefetch("contributors", queryset=Contributor.objects.order_by("position", "id"))
            )
            .get(slug=slug)
        )
    except Source.DoesNotExist:
        raise Http404("No published source with this address.") from None


def reader_anchors(source):
    """The anchors the reader draws, with their claims, in reading order: a
    drifted or orphaned anchor's offsets no longer hold its quote, so it is
    left out. Only what the reader shows of them is read."""
    return list(
        Anchor.objects.filter(sentence__source=source)
        .exclude(state__in=MISMATCHED_STATES)
        .select_related("claim")
        .only("sentence_id", "start", "end", "claim_id", "claim__status", "claim__statement")
        .order_by("start", "-end", "id")
    )


def reader_sentences(source, anchors, *, with_mentions=False):
    """The source's sentences in order, each with `.anchors_here` (its share of
    `anchors`, from reader_anchors) and, if asked, `.mentions_here` (confirmed
    mentions with their actor or place)."""
    queryset = source.sentences.order_by("index")
    if with_mentions:
        queryset = queryset.prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.confirmed()
                .select_related("actor", "place")
                .order_by("start", "-end", "id"),
                to_attr="mentions_here",
            )
        )
    by_sentence = {}
    for anchor in anchors:
        by_sentence.setdefault(anchor.sentence_id, []).append(anchor)
    sentences = list(queryset)
    for sentence in sentences:
        sentence.anchors_here = by_sentence.get(sentence.pk, [])
        if not with_mentions:
            sentence.mentions_here = []
    return sentences


# Claim page


def claim_for_key(pk):
    """A claim that researchers may see, with only what its page shows outside
    the cached fragments (number, statement, edit version) and the versions
    they are keyed by (claims.fragments.claim_page_key): one query."""
    try:
        return _with_pages_version(
            Claim.objects.published().only("statement", "version", "page_version")
        ).get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No published claim with this number.") from None


def claim_for_page(pk):
    """A claim that researchers may see, with everything its page shows."""
    queryset = (
        Claim.objects.published()
        .select_related("attributed_to", "first_source")
        .defer("first_source__text", "first_source__raw")
        .prefetch_related(
            Prefetch(
                "anchors",
                queryset=_published_anchors().order_by("sentence__source__published_on", "id"),
                to_attr="public_anchors",
            ),
            Prefetch(
                "public_anchors__sentence__source__contributors",
                queryset=Contributor.objects.order_by("position", "id"),
            ),
            Prefetch("actors", queryset=Actor.objects.order_by("name")),
            Prefetch("places", queryset=Place.objects.order_by("name")),
            "events",
            "quantities",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related(
                    "anchor__sentence__source", "source", "sentence"
                )
                .defer("source__text", "source__raw")
                .order_by("stance", "id"),
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("editor").order_by("-created_at", "-id"),
            ),
        )
    )
    try:
        claim = queryset.get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No published claim with this number.") from None
    _attach_neighbours(claim.public_anchors)
    # Every relation either way, in one query for the related claims
    # (claim_relations) and "Also claimed in" (matching.claim_page_matches).
    claim.page_relations = list(
        ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
        .select_related("from_claim", "to_claim", "created_by")
        .defer("from_claim__search_vector", "to_claim__search_vector")
        .order_by("created_at", "id")
    )
    return claim


def _attach_neighbours(anchors):
    """Give each anchor `.before` / `.after` (the sentences either side, or None), in one query."""
    wanted = Q(pk__in=[])
    for anchor in anchors:
        sentence = anchor.sentence
        wanted |= Q(
            source_id=sentence.source_id, index__in=[sentence.index - 1, sentence.index + 1]
        )
    found = {}
    if anchors:
        found = {(s.source_id, s.index): s for s in Sentence.objects.filter(wanted)}
    for anchor in anchors:
        sentence = anchor.sentence
        anchor.before = found.get((sentence.source_id, sentence.index - 1))
        anchor.after = found.get((sentence.source_id, sentence.index + 1))
        offset = sentence.start
        text = sentence.text
        anchor.quote_before = text[: anchor.start - offset]
        anchor.quote = text[anchor.start - offset : anchor.end - offset]
        anchor.quote_after = text[anchor.end - offset :]
        anchor.earlier = None
    _attach_earlier_revisions([a for a in anchors if a.revision != a.sentence.source.revision])


def _attach_earlier_revisions(anchors):
    """Anchors whose words are only in an earlier revision (orphaned or detached)
    show them in their sentence of that revision, worked out from its text."""
    if not anchors:
        return
    from .ingest.segment import segment

    wanted = Q(pk__in=[])
    for anchor in anchors:
        wanted |= Q(source_id=anchor.source_id, number=anchor.revision)
    texts = {
        (r.source_id, r.number): r.text
        for r in SourceRevision.objects.filter(wanted).only("source", "number", "text")
    }
    for anchor in anchors:
        text = texts.get((anchor.source_id, anchor.revision))
        if text is None:
            continue
        span = next((s for s in segment(text) if s.start <= anchor.start < s.end), None)
        if span is None:
            continue
        anchor.earlier = {"revision": anchor.revision, "sentence": span.index}
        anchor.before = anchor.after = None
        anchor.quote_before = text[span.start : anchor.start]
        anchor.quote = text[anchor.start : anchor.end]
        anchor.quote_after = text[anchor.end : max(span.end, anchor.end)]


def claim_relations(claim):
    """Related claims in both directions, as (wording, other claim) pairs.

    "supports" from this claim reads "supports"; the same relation seen from
    the other end reads "supported by".
    """
    inverse = {"supports": "supported by", "contradicts": "contradicted by"}
    inverse["elaborates"] = "elaborated by"
    # The same claim and related ones in other sources: "Also claimed in" (claims.matching).
    relations = sorted(
        (rel for rel in claim.page_relations if rel.kind in inverse),
        key=lambda rel: (rel.from_claim_id, rel.kind, rel.to_claim_id),  # as ClaimRelation.Meta
    )
    related = [
        (rel.get_kind_display(), rel.to_claim)
        for rel in relations
        if rel.from_claim_id == claim.pk and rel.to_claim.is_published
    ]
    related += [
        (inverse[rel.kind], rel.from_claim)
        for rel in relations
        if rel.to_claim_id == claim.pk and rel.from_claim.is_published
    ]
    return related


# Entities


def _mentions_in_context(queryset):
    """Confirmed mentions in published sources, each split into `.before`,
    `.here` and `.after` (the text of its sentence around the mention)."""
    listing = _listing(
        queryset.confirmed()
        .filter(sentence__source__is_published=True)
        .select_related("sentence__source")
        .order_by("sentence__source__title", "sentence__index", "start")
    )
    for mention in listing:
        text, offset = mention.sentence.text, mention.sentence.start
        mention.before = text[: mention.start - offset]
        mention.here = text[mention.start - offset : mention.end - offset]
        mention.after = text[mention.end - offset :]
    return listing


def _published_claims():
    return (
        Claim.objects.published()
        .prefetch_related(
            Prefetch("anchors", queryset=_published_anchors(), to_attr="public_anchors")
        )
        .order_by("id")
    )


def actor_for_page(slug):
    queryset = Actor.objects.select_related("parent").prefetch_related(
        Prefetch("aliases", queryset=ActorAlias.objects.order_by("name")),
        Prefetch("children", queryset=Actor.objects.order_by("name")),
        Prefetch(
            "event_roles",
            queryset=EventActor.objects.select_related("event").order_by(
                "event__date_earliest", "event__title", "role"
            ),
        ),
    )
    actor = _get_or_404(queryset, slug)
    actor.page_claims = _listing(_published_claims().filter(actors=actor))
    actor.asserted = _listing(_published_claims().filter(attributed_to=actor))
    actor.page_mentions = _mentions_in_context(actor.mentions.all())
    return actor


def place_for_page(slug):
    queryset = Place.objects.select_related("parent").prefetch_related(
        Prefetch("aliases", queryset=PlaceAlias.objects.order_by("name")),
        Prefetch("children", queryset=Place.objects.order_by("name")),
        Prefetch("events", queryset=Event.objects.all()),
    )
    place = _get_or_404(queryset, slug)
    place.page_claims = _listing(_published_claims().filter(places=place))
    place.page_mentions = _mentions_in_context(place.mentions.all())
    return place


def event_for_page(slug):
    queryset = Event.objects.select_related("parent").prefetch_related(
        Prefetch("children", queryset=Event.objects.all()),
        Prefetch("places", queryset=Place.objects.order_by("name")),
        Prefetch(
            "event_actors",
            queryset=EventActor.objects.select_related("actor").order_by("role", "actor__name"),
        ),
    )
    event = _get_or_404(queryset, slug)
    event.page_claims = _listing(_published_claims().filter(events=event))
    return event


def _get_or_404(queryset, slug):
    try:
        return queryset.get(slug=slug)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} with this address.") from None


# Suggested claims (editors only: never call these for a researcher's page)


def claim_suggestions_for_source(source):
    """{sentence id: [open ClaimSuggestion, in reading order]} of one source, in one query.

    For the reader's edit controls: only an editor's page may show them.
    Each suggestion comes with its speaker (`attributed_to`); actors and
    places are named in its `reason`.
    """
    from .models import ClaimSuggestion

    grouped = {}
    suggestions = (
        ClaimSuggestion.objects.open()
        .filter(source=source)
        .select_related("attributed_to")
        .order_by("sentence_id", "start", "id")
    )
    for suggestion in suggestions:
        grouped.setdefault(suggestion.sentence_id, []).append(suggestion)
    return grouped


# How many sentences the evidence search offers at once: enough to pick from,
# few enough to read; more words narrow it.
EVIDENCE_SENTENCES_LIMIT = 10


def evidence_sentences(q, *, claim, user, limit=EVIDENCE_SENTENCES_LIMIT):
    """Sentences an editor may cite as evidence for `claim` that match q, best first.

    Sentences of the claim's own sources are left out (evidence comes from
    elsewhere), and those of unpublished sources too unless `user` may view
    sources (editors and admins may: the admin shows them drafts).
    """
    own_sources = Anchor.objects.filter(claim=claim).values("source")
    sentences = (
        Sentence.objects.exclude(source__in=own_sources)
        .select_related("source")
        .defer("source__text", "source__raw")
    )
    if not user.has_perm("claims.view_source"):
        sentences = sentences.filter(source__is_published=True)
    return list(sentences_matching(sentences, q)[:limit])
