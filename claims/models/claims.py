from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from .sources import Source
from .vocabulary import EvidenceStatus, choices_check, span_check


class ClaimQuerySet(models.QuerySet):
    def assessed(self):
        return self.exclude(status=EvidenceStatus.UNASSESSED)

    def published(self):
        """Claims researchers may see: anchored in at least one published source.

        Read from `Claim.is_published`, which `services.claims_publication_refresh`
        keeps wherever anchors or a source's publication change; working it
        out through the anchors on every read cost 10-30 ms per query at
        10,000 claims (docs/benchmarks.md).
        """
        return self.filter(is_published=True)

    def anchored_in_published(self):
        """Claims with an anchor in a published source, worked out now.

        Said as "an anchor not in an unpublished source": unpublished sources
        are few, so PostgreSQL hashes them once and checks each anchor
        against them.
        """
        hidden = Source.objects.filter(is_published=False)
        return self.filter(
            models.Exists(
                Anchor.objects.filter(claim=models.OuterRef("pk")).exclude(
                    source__in=hidden.values("pk")
                )
            )
        )


class ClaimKind(models.TextChoices):
    FACTUAL = "factual", "factual"
    QUANTITATIVE = "quantitative", "quantitative"
    ATTRIBUTION = "attribution", "attribution"
    OPINION = "opinion", "opinion"
    PREDICTION = "prediction", "prediction"


class Claim(models.Model):
    Kind = ClaimKind

    statement = models.TextField(
        help_text="A short, neutral wording of what is claimed (defaults to the quote)."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FACTUAL)
    status = models.CharField(
        max_length=16,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.UNASSESSED,
        help_text="Current evidence status; always equal to the latest assessment.",
    )
    attributed_to = models.ForeignKey(
        "Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asserted_claims",
        help_text="Who asserts it (the author, or the actor the text quotes).",
    )
    actors = models.ManyToManyField("Actor", blank=True, related_name="claims")
    places = models.ManyToManyField("Place", blank=True, related_name="claims")
    events = models.ManyToManyField(
        "Event", blank=True, related_name="claims", help_text="Events this claim reports."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every write; a stale form is refused, never applied."
    )
    page_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Kept by the application: raised by every write to what this claim's page "
        "shows (its cached fragments, claims.fragments); never refuses a form.",
    )
    # PostgreSQL full-text document: statement (weight A) plus the anchors'
    # quotes (weight B). Kept current by claims.search.claim_search_refresh,
    # which the claim services call; unused (always null) on SQLite, where the
    # same function rewrites the claim's row of the FTS5 table claims_claim_fts.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    is_published = models.BooleanField(
        default=False,
        editable=False,
        help_text="Kept by the application: anchored in at least one published source.",
    )
    # Corroboration: kept by services.claims_corroboration_refresh from the
    # claim's own anchors and those of the claims confirmed as the same claim
    # (ClaimRelation kind "same", followed transitively); published sources only.
    source_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Kept by the application: published sources that make this claim.",
    )
    first_source = models.ForeignKey(
        "Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Kept by the application: the earliest published source making it.",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status"], name="claim_status_idx"),
            # The published claims: their ids (index-only scans for the facets'
            # IN lists), newest first (the claim browser's pages), and by
            # status, kind and sources making them (its status, kind and
            # "reported by" facets, one grouped index-only scan) with their ids,
            # so the facets of a status (and kind) read the matching claims' ids
            # from the index instead of scanning the claims table (at 100,000
            # claims 1 ms instead of 25-35 ms for each of the four entity facets).
            models.Index(fields=["id"], name="claim_published_idx", condition=Q(is_published=True)),
            models.Index(
                fields=["-created_at", "-id"],
                name="claim_published_newest_idx",
                condition=Q(is_published=True),
            ),
            models.Index(
                fields=["status", "kind", "source_count", "id"],
                name="claim_published_status_idx",
                condition=Q(is_published=True),
            ),
            # The review queue's unassessed claims, oldest first: without it
            # PostgreSQL scanned and sorted every claim to show 25.
            models.Index(
                fields=["created_at", "id"],
                name="claim_unassessed_oldest_idx",
                condition=Q(status="unassessed"),
            ),
            # The most widely reported first, then the newest (home page, the
            # browser's sort): in the sort's own order, or PostgreSQL sorted
            # every published claim to show 25 (66 ms at 100,000 claims).
            models.Index(
                fields=["-source_count", "-created_at", "-id"],
                name="claim_published_reported_idx",
                condition=Q(is_published=True),
            ),
        ]
        constraints = [
            choices_check("kind", ClaimKind, "claim_kind_valid"),
            choices_check("status", EvidenceStatus, "claim_status_valid"),
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
        ]

    def __str__(self):
        return self.statement if len(self.statement) <= 80 else self.statement[:79] + "…"

    def get_absolute_url(self):
        return reverse("claim-detail", args=[self.pk])


class AnchorState(models.TextChoices):
    EXACT = "exact", "exact"
    MOVED = "moved", "moved (the same words found elsewhere)"
    FUZZY = "fuzzy", "fuzzy (the words changed slightly)"
    DRIFTED = "drifted", "drifted (offsets no longer match)"
    ORPHANED = "orphaned", "orphaned"
    DETACHED = "detached", "detached (kept on an earlier revision)"


# States whose offsets do not hold the quote in the source's current text
# (a detached or orphaned anchor's point into an earlier revision): the
# reader does not draw them.
MISMATCHED_STATES = [AnchorState.DRIFTED, AnchorState.ORPHANED, AnchorState.DETACHED]
# States a person has to look at: the review queue's anchors tab lists them.
REVIEW_STATES = [AnchorState.DRIFTED, AnchorState.FUZZY, AnchorState.ORPHANED]


class AnchorQuerySet(models.QuerySet):
    def mismatched(self):
        """Anchors whose quote is no longer the source text at their offsets, by their state.

        The state is kept by `services.anchors_check` whenever offsets, quote
        or text are written; comparing every quote with its source text on
        each read cost 0.5 s at 10,000 anchors (docs/benchmarks.md).
        """
        return self.filter(state__in=MISMATCHED_STATES)

    def to_review(self):
        """Anchors a person has to look at: drifted, fuzzy after a new revision, or orphaned."""
        return self.filter(state__in=REVIEW_STATES)

    def with_sentences(self):
        """With their sentence and its source, to show the quote in its
        sentence; the source's body and raw upload (kilobytes each) stay behind."""
        return self.select_related("sentence__source").defer(
            "sentence__source__text", "sentence__source__raw"
        )

    def off_text(self):
        """Anchors whose quote differs from the source text at their offsets, compared now."""
        return self.alias(current_text=_text_at_offsets()).exclude(exact=F("current_text"))

    def on_text(self):
        """Anchors whose quote is the source text at their offsets, compared now."""
        return self.alias(current_text=_text_at_offsets()).filter(exact=F("current_text"))


def _text_at_offsets():
    return Substr("source__text", F("start") + 1, F("end") - F("start"))


class Anchor(models.Model):
    """Where a claim is in a source: offsets plus a W3C TextQuoteSelector."""

    State = AnchorState

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="anchors")
    sentence = models.ForeignKey("Sentence", on_delete=models.CASCADE, related_name="anchors")
    # The sentence's source, so that counting claims by source need not join
    # every sentence. Set with the sentence by the services and the admin's
    # anchor form; services.anchors_check puts right a row written otherwise.
    source = models.ForeignKey(
        "Source",
        on_delete=models.CASCADE,
        related_name="anchors",
        editable=False,
        db_index=False,  # anchor_source_claim_idx begins with it
        help_text="Kept by the application: the source of the sentence.",
    )
    start = models.PositiveIntegerField(help_text="Offset into the source text.")
    end = models.PositiveIntegerField(help_text="Offset into the source text.")
    exact = models.TextField(help_text="The quoted text, verbatim.")
    prefix = models.CharField(max_length=32, blank=True)
    suffix = models.CharField(max_length=32, blank=True)
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.EXACT,
        help_text="Kept by the application: whether the offsets still hold the quote.",
    )
    # Kept by the application (editable=False: not in admin forms; anchors_check
    # sets it for an anchor written there), like the fields after it.
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Number of the source revision its offsets and quote refer to.",
    )
    # Where the quote was before the last re-anchoring onto a new revision,
    # kept while a person has not confirmed a fuzzy match (docs/revisions.md).
    previous_exact = models.TextField(
        blank=True, editable=False, help_text="The quote before re-anchoring."
    )
    previous_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    previous_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    previous_end = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = AnchorQuerySet.as_manager()

    class Meta:
        ordering = ["sentence", "start", "id"]
        constraints = [
            span_check("anchor"),
            choices_check("state", AnchorState, "anchor_state_valid"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="anchor_revision_positive"),
            models.UniqueConstraint(
                fields=["claim", "sentence", "start", "end"], name="anchor_unique"
            ),
        ]
        indexes = [
            # Claims by source (the claim browser's source facet) from the index alone.
            models.Index(fields=["source", "claim"], name="anchor_source_claim_idx"),
            # The review queue's few anchors that no longer match, among all.
            models.Index(
                fields=["state"],
                name="anchor_mismatched_idx",
                condition=Q(state__in=MISMATCHED_STATES),
            ),
            models.Index(
                fields=["state"],
                name="anchor_review_idx",
                condition=Q(state__in=REVIEW_STATES),
            ),
        ]

    def __str__(self):
        return f"“{self.exact[:60]}”"


class QuantityQualifier(models.TextChoices):
    EXACT = "exact", "exact"
    ABOUT = "about", "about"
    AT_LEAST = "at_least", "at least"
    OVER = "over", "over"
    UP_TO = "up_to", "up to"
    UNDER = "under", "under"
    RANGE = "range", "range"


class Quantity(models.Model):
    Qualifier = QuantityQualifier

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    text = models.CharField(max_length=200, help_text='As written: "1,300 troops".')
    value = models.DecimalField(max_digits=20, decimal_places=4)
    value_max = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="Upper end of a range."
    )
    unit = models.CharField(max_length=60, blank=True, help_text='"troops", "km", "USD".')
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name_plural = "quantities"
        constraints = [
            choices_check("qualifier", QuantityQualifier, "quantity_qualifier_valid"),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="quantity_range_ordered",
            ),
        ]

    def __str__(self):
        return self.text


class AssessmentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Assessments are append-only.")

    def delete(self):
        raise TypeError("Assessments are append-only.")


class Assessment(models.Model):
    """One editor's judgement; history is append-only (see claims.services)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(max_length=16, choices=EvidenceStatus.choices)
    rationale = models.TextField(
        blank=True, help_text="Why; required for every status but unassessed."
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            choices_check("status", EvidenceStatus, "assessment_status_valid"),
            models.CheckConstraint(
                condition=Q(status="unassessed") | ~Q(rationale=""),
                name="assessment_rationale_required",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_status_display()} ({self.created_at:%Y-%m-%d})"
            if self.created_at
            else self.status
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Assessments are append-only: add a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Assessments are append-only.")


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "supports"
    CONTRADICTS = "contradicts", "contradicts"
    CONTEXT = "context", "context"


class Evidence(models.Model):
    Stance = EvidenceStance

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    anchor = models.ForeignKey(
        Anchor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_as_evidence",
        help_text="Another claim's passage, cited by the claim's address.",
    )
    # A sentence of another stored source, cited as it read when cited. The
    # words are kept here verbatim, with the source: a new revision of the
    # article replaces its sentences (the link then moves to the sentence that
    # still reads the same, or is cleared), and the evidence must still show
    # what the editor cited. A cited source cannot be deleted (PROTECT).
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cited_as_evidence",
        help_text="The stored source of the cited sentence.",
    )
    sentence = models.ForeignKey(
        "Sentence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_as_evidence",
        help_text="The cited sentence in the source's current text, while it reads the same.",
    )
    quote = models.TextField(
        blank=True, help_text="The cited sentence's words, verbatim, as they were when cited."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            choices_check("stance", EvidenceStance, "evidence_stance_valid"),
            # Something to point at: a link, a passage, or at least a named reference.
            models.CheckConstraint(
                condition=~Q(url="")
                | Q(anchor__isnull=False)
                | Q(source__isnull=False)
                | ~Q(title=""),
                name="evidence_has_reference",
            ),
            # A cited sentence comes with its source and its words; words
            # without a source (or a sentence without either) cite nothing.
            models.CheckConstraint(
                condition=Q(source__isnull=True, sentence__isnull=True, quote="")
                | (Q(source__isnull=False) & ~Q(quote="")),
                name="evidence_sentence_quoted",
            ),
        ]

    def __str__(self):
        if self.title or self.url:
            return self.title or self.url
        if self.quote:
            return f"“{self.quote[:60]}…”" if len(self.quote) > 60 else f"“{self.quote}”"
        return f"Evidence {self.pk}"


class ClaimRelationKind(models.TextChoices):
    SUPPORTS = "supports", "supports"
    CONTRADICTS = "contradicts", "contradicts"
    ELABORATES = "elaborates", "elaborates"
    # Across sources, confirmed by an editor from a ClaimMatch (claims.matching):
    # another article makes the same claim, or a related one.
    SAME = "same", "is the same claim as"
    RELATED = "related", "is related to"


# The kinds that read the same from either end (stored once per pair).
SYMMETRIC_RELATIONS = (ClaimRelationKind.SAME, ClaimRelationKind.RELATED)


class ClaimRelation(models.Model):
    Kind = ClaimRelationKind

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["from_claim", "kind", "to_claim"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="claim_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="claim_relation_not_self"
            ),
            choices_check("kind", ClaimRelationKind, "claim_relation_kind_valid"),
        ]

    def __str__(self):
        return f"#{self.from_claim_id} {self.kind} #{self.to_claim_id}"


class ClaimMatchStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    CONFIRMED = "confirmed", "confirmed"
    DISMISSED = "dismissed", "dismissed"


class ClaimMatchStance(models.TextChoices):
    SAME = "same", "says the same"
    OPPOSITE = "opposite", "says the opposite"


class ClaimMatchQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(status=ClaimMatchStatus.PROPOSED)

    def of(self, claim):
        """The matches of `claim`, from either end."""
        pk = getattr(claim, "pk", claim)
        return self.filter(Q(first=pk) | Q(second=pk))


class ClaimMatch(models.Model):
    """Two claims from different sources that may say the same (or the opposite) thing.

    Proposed by claims.matching, decided by an editor: confirmed (then a
    ClaimRelation records what they are) or dismissed (never proposed again).
    A pair is stored once, the lower claim id first.
    """

    Status = ClaimMatchStatus
    Stance = ClaimMatchStance

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="0-1: how alike the two claims are.")
    stance = models.CharField(
        max_length=10, choices=ClaimMatchStance.choices, default=ClaimMatchStance.SAME
    )
    shares = models.JSONField(
        default=dict,
        blank=True,
        help_text="What they share: text similarity, actors, places, events, quantities; "
        "and why they may contradict.",
    )
    status = models.CharField(
        max_length=10, choices=ClaimMatchStatus.choices, default=ClaimMatchStatus.PROPOSED
    )
    computed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimMatchQuerySet.as_manager()

    class Meta:
        ordering = ["first", "-score", "second"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="claim_match_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="claim_match_ordered"),
            choices_check("status", ClaimMatchStatus, "claim_match_status_valid"),
            choices_check("stance", ClaimMatchStance, "claim_match_stance_valid"),
        ]
        indexes = [
            # A claim's matches from its second end (first is the unique index's prefix).
            models.Index(fields=["second"], name="claim_match_second_idx"),
        ]

    def __str__(self):
        return f"#{self.first_id} ~ #{self.second_id} ({self.score:.2f}, {self.status})"

    def other(self, claim):
        pk = getattr(claim, "pk", claim)
        return self.second if self.first_id == pk else self.first


class ClaimEdit(models.Model):
    """Who changed a claim's statement, kind or links, when, and from what to what."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="edits")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(help_text='{"field": {"from": ..., "to": ...}}')

    class Meta:
        ordering = ["claim", "created_at", "id"]

    def __str__(self):
        return f"Edit of claim {self.claim_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ClaimPagesVersion(models.Model):
    """One row: raised by every write that may change what claim pages show
    beyond the claims it names (an actor renamed, a source revised, an import,
    an admin edit), so that every claim page's cached fragments are rendered
    afresh; claim_page_key in claims.fragments reads it with the claim."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="claim_pages_version_one_row")
        ]

    def __str__(self):
        return f"claim pages version {self.value}"
