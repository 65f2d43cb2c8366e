from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .vocabulary import DatePrecision, choices_check, most_claimed, span_check


class SourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Source(models.Model):
    """An article, its body stored exactly as published."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500)
    url = models.URLField(
        max_length=1000, blank=True, help_text="Canonical address of the original."
    )
    publisher = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely the publication date is known.",
    )
    language = models.CharField(max_length=12, default="en", help_text="BCP 47 language tag.")
    text = models.TextField(
        help_text="The body exactly as published. Never edited: every offset points into it."
    )
    raw = models.TextField(blank=True, help_text="The uploaded input, kept for provenance.")
    raw_filename = models.CharField(max_length=255, blank=True)
    raw_content_type = models.CharField(max_length=100, blank=True)
    content_sha256 = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the normalized body; a second import of the same text is a no-op.",
    )
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Number of the revision `text` holds: the latest (see SourceRevision).",
    )
    is_published = models.BooleanField(default=True, help_text="Shown to researchers.")
    claim_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published claims anchored in it; kept by claims.services_counts.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    page_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Kept by the application: raised with the page versions of the claims quoted "
        "in it (claims.fragments.claim_pages_changed); the reader's cached parts are keyed by it.",
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [
            # The published sources in that order (the API's pages; and their
            # count, read from this index rather than from the rows, which carry
            # each article's body): 14 ms of a 10x-corpus page.
            models.Index(
                fields=["-published_on", "title", "id"],
                name="source_published_newest_idx",
                condition=models.Q(is_published=True),
            ),
            most_claimed("title", "source_most_claimed_idx", condition=models.Q(is_published=True)),
        ]
        constraints = [
            choices_check("date_precision", DatePrecision, "source_date_precision_valid"),
            models.CheckConstraint(condition=~models.Q(text=""), name="source_text_not_empty"),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="source_revision_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])

    @property
    def has_revisions(self):
        """More than one version stored: the reader then links to them."""
        return self.revision > 1


class SourceRevision(models.Model):
    """One version of an article as published, kept verbatim.

    The source's `text` is always its latest revision's text, and its
    sentences describe that text; an earlier revision's sentences are
    worked out again from its text when they are shown (docs/revisions.md).
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first version loaded, then 2, 3...")
    text = models.TextField(help_text="The body of this version exactly as published.")
    raw = models.TextField(blank=True, help_text="The uploaded input, kept for provenance.")
    raw_filename = models.CharField(max_length=255, blank=True)
    raw_content_type = models.CharField(max_length=100, blank=True)
    content_sha256 = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the normalized body: one text is one revision of one source.",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What changed, in the importer's words.")

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="source_revision_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="source_revision_number_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="source_revision_text_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.source} (revision {self.number})"

    def get_absolute_url(self):
        return reverse("source-revision", args=[self.source.slug, self.number])


class ContributorRole(models.TextChoices):
    AUTHOR = "author", "author"
    TRANSLATOR = "translator", "translator"
    EDITOR = "editor", "editor"


class Contributor(models.Model):
    Role = ContributorRole

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="contributors")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(
        default=1, help_text="Order of appearance in the byline."
    )

    class Meta:
        ordering = ["source", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name", "role"], name="contributor_unique"),
            choices_check("role", ContributorRole, "contributor_role_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.role})"


class SentenceKind(models.TextChoices):
    BODY = "body", "body"
    HEADING = "heading", "heading"


class Sentence(models.Model):
    Kind = SentenceKind

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sentences")
    index = models.PositiveIntegerField(help_text="1-based position in the source.")
    paragraph = models.PositiveIntegerField(help_text="1-based paragraph number.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="Equal to source.text[start:end].")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BODY)

    class Meta:
        ordering = ["source", "index"]
        constraints = [
            models.UniqueConstraint(fields=["source", "index"], name="sentence_index_unique"),
            models.CheckConstraint(
                condition=models.Q(index__gte=1), name="sentence_index_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(paragraph__gte=1), name="sentence_paragraph_positive"
            ),
            span_check("sentence"),
            choices_check("kind", SentenceKind, "sentence_kind_valid"),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"{self.index}. {text}"

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.source.slug]) + f"#s-{self.index}"
