from django.conf import settings
from django.db import models
from django.db.models import Q

from .claims import ClaimKind
from .vocabulary import choices_check, span_check


class ClaimSuggestionStatus(models.TextChoices):
    OPEN = "open", "open"
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"
    SPLIT = "split", "split"


class ClaimSuggestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ClaimSuggestion.Status.OPEN)


class ClaimSuggestion(models.Model):
    """A claim the import proposes (claims.ingest.propose); not a claim until an editor accepts it.

    Suggestions live apart from claims: no claim list, API, export or search
    reads this table, and only editors see it (the review queue, the reader's
    edit controls). Accepting one creates the claim through
    services.claim_create and records it in `claim`; splitting one replaces
    it by open suggestions covering its quote. The actors and places it
    touches are the sentence's mentions inside the quote (mentions_inside),
    read when it is accepted, so a mention an editor confirmed or rejected
    meanwhile counts as decided.
    """

    Status = ClaimSuggestionStatus
    Kind = ClaimKind

    source = models.ForeignKey("Source", on_delete=models.CASCADE, related_name="claim_suggestions")
    sentence = models.ForeignKey(
        "Sentence", on_delete=models.CASCADE, related_name="claim_suggestions"
    )
    start = models.PositiveIntegerField(
        help_text="Offset into the source text, inside the sentence."
    )
    end = models.PositiveIntegerField(help_text="Offset into the source text, inside the sentence.")
    exact = models.TextField(help_text="The quote: source.text[start:end].")
    kind = models.CharField(max_length=12, choices=ClaimKind.choices, default=ClaimKind.FACTUAL)
    reason = models.CharField(
        max_length=500, help_text="The cues that made it a claim of this kind, for the editor."
    )
    score = models.FloatField(
        default=0.5, help_text="0-1: how likely an editor keeps it (more cues, higher)."
    )
    attributed_to = models.ForeignKey(
        "Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The speaker of an attribution, when it is a known actor.",
    )
    quantities = models.JSONField(
        default=list,
        blank=True,
        help_text="Quantities in the quote: start, end, text, value, value_max, unit, qualifier.",
    )
    status = models.CharField(
        max_length=10, choices=ClaimSuggestionStatus.choices, default=ClaimSuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    claim = models.ForeignKey(
        "Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The claim it became, once accepted.",
    )
    split_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="split_into",
        help_text="The suggestion an editor split into this one.",
    )
    # Written by the import (services._store_claim_suggestions via
    # claims.matching): a snapshot for the editor deciding, not kept current.
    similar_claims = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Claims of other sources that say the same or the opposite, when imported: "
        "claim id, score, stance.",
    )

    objects = ClaimSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["sentence", "start", "id"]
        indexes = [
            # The open suggestions, a page at a time in reading order (review
            # queue), or those of one source (reader).
            models.Index(
                fields=["sentence", "start", "id"],
                condition=Q(status=ClaimSuggestionStatus.OPEN),
                name="claimsuggestion_open_idx",
            ),
            models.Index(
                fields=["source", "sentence"],
                condition=Q(status=ClaimSuggestionStatus.OPEN),
                name="claimsuggestion_source_idx",
            ),
        ]
        constraints = [
            span_check("claimsuggestion"),
            choices_check("kind", ClaimKind, "claimsuggestion_kind_valid"),
            choices_check("status", ClaimSuggestionStatus, "claimsuggestion_status_valid"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="claimsuggestion_score_range"
            ),
            # Open: nobody decided yet and no claim. Decided: when is known.
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True, claim__isnull=True)
                | (~Q(status="open") & Q(decided_at__isnull=False)),
                name="claimsuggestion_decision_consistent",
            ),
            # Only an accepted suggestion points to a claim (the claim may
            # later be deleted: then the pointer is null, the decision stays).
            models.CheckConstraint(
                condition=Q(claim__isnull=True) | Q(status="accepted"),
                name="claimsuggestion_claim_only_accepted",
            ),
            # The same quote is open once per sentence.
            models.UniqueConstraint(
                fields=["sentence", "start", "end"],
                condition=Q(status="open"),
                name="claimsuggestion_open_unique",
            ),
        ]

    def __str__(self):
        exact = self.exact if len(self.exact) <= 60 else self.exact[:59] + "…"
        return f"“{exact}” ({self.kind}, {self.status})"

    def mentions_inside(self):
        """The sentence's mentions of actors and places inside the quote, not rejected."""
        from .mentions import Mention

        return Mention.objects.filter(
            sentence_id=self.sentence_id, start__gte=self.start, end__lte=self.end
        ).exclude(status=Mention.Status.REJECTED)
