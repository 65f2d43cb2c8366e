"""Read-only representations for /api/v1/.

Ids are stable: claims are addressed by their integer id, sources and
entities by their slug; both are kept by dump and restore.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Actor,
    Anchor,
    Assessment,
    Claim,
    ClaimRelation,
    Contributor,
    Event,
    EventActor,
    Evidence,
    Place,
    Quantity,
    Sentence,
    Source,
    SourceRevision,
)


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The absolute address of the object's page (its get_absolute_url)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        url = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class EntityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class EventRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()


class ContributorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contributor
        fields = ["name", "role"]


class SourceRevisionSerializer(serializers.ModelSerializer):
    """One stored version of a source; `text_url` serves its text verbatim."""

    text_url = serializers.SerializerMethodField()

    class Meta:
        model = SourceRevision
        fields = ["number", "imported_at", "note", "content_sha256", "text_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_text_url(self, revision):
        url = reverse("source-revision-text", args=[revision.source.slug, revision.number])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class SentenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = ["index", "paragraph", "start", "end", "kind", "text"]


def _address_as_stored(help_text):
    # Addresses typed by editors or found in imported pages are stored as
    # given and are not always valid URIs (spaces, unescaped non-ASCII, ""):
    # a plain string, not `format: uri`, so the API never breaks its schema.
    return serializers.CharField(read_only=True, help_text=help_text)


class SourceSerializer(serializers.ModelSerializer):
    url = _address_as_stored("The original article's address as recorded; may be empty.")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:source-detail", lookup_field="slug"
    )
    html_url = HtmlUrlField()
    contributors = ContributorSerializer(many=True, read_only=True)
    sentence_count = serializers.IntegerField(read_only=True)
    revisions = serializers.SerializerMethodField(
        help_text="Every stored version, oldest first; `revision` is the current one's number."
    )

    @extend_schema_field(SourceRevisionSerializer(many=True))
    def get_revisions(self, source):
        stored = list(source.revisions.all())
        for revision in stored:
            revision.source = source  # for its address, without another query
        if not stored:  # loaded from a fixture or dump made before revisions
            stored = [
                SourceRevision(
                    source=source,
                    number=source.revision,
                    imported_at=source.imported_at,
                    content_sha256=source.content_sha256,
                )
            ]
        return SourceRevisionSerializer(stored, many=True, context=self.context).data

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "title",
            "url",
            "publisher",
            "published_on",
            "date_precision",
            "language",
            "contributors",
            "sentence_count",
            "content_sha256",
            "revision",
            "revisions",
            "api_url",
            "html_url",
        ]


class SourceDetailSerializer(SourceSerializer):
    """A source with its full text and every sentence (offsets into `text`)."""

    sentences = SentenceSerializer(many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text", "sentences"]


class AnchorSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(
        source="sentence.source", slug_field="slug", read_only=True
    )
    sentence = serializers.IntegerField(source="sentence.index", read_only=True)

    class Meta:
        model = Anchor
        fields = [
            "id",
            "source",
            "sentence",
            "revision",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "state",
        ]


class QuantitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Quantity
        fields = ["text", "value", "value_max", "unit", "qualifier"]


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["status", "rationale", "created_at"]


class CitedSentenceSerializer(serializers.Serializer):
    """A sentence of another stored source cited as evidence, as it read when cited."""

    source = serializers.SlugField(help_text="The cited source's slug.")
    source_title = serializers.CharField()
    source_published_on = serializers.DateField(allow_null=True)
    sentence = serializers.IntegerField(
        allow_null=True,
        help_text="Its number in the source's current text; null once a revision of the "
        "article no longer has a sentence reading the same.",
    )
    text = serializers.CharField(help_text="The sentence's words, verbatim, as cited.")
    html_url = serializers.URLField(help_text="The sentence in the reader (or the article).")


class EvidenceSerializer(serializers.ModelSerializer):
    url = _address_as_stored("The cited page's address as recorded; empty for a passage.")
    anchor = serializers.SerializerMethodField()
    sentence = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "stance",
            "url",
            "title",
            "publisher",
            "published_on",
            "note",
            "anchor",
            "sentence",
        ]

    @extend_schema_field(CitedSentenceSerializer(allow_null=True))
    def get_sentence(self, evidence):
        source = evidence.source
        # A sentence of a source researchers cannot see is not disclosed.
        if source is None or not source.is_published:
            return None
        path = source.get_absolute_url()
        if evidence.sentence is not None:
            path += f"#s-{evidence.sentence.index}"
        request = self.context.get("request")
        return {
            "source": source.slug,
            "source_title": source.title,
            "source_published_on": source.published_on,
            "sentence": evidence.sentence.index if evidence.sentence is not None else None,
            "text": evidence.quote,
            "html_url": request.build_absolute_uri(path) if request else path,
        }

    @extend_schema_field(AnchorSerializer(allow_null=True))
    def get_anchor(self, evidence):
        anchor = evidence.anchor
        # A passage in a source researchers cannot see is not disclosed.
        if anchor is None or not anchor.sentence.source.is_published:
            return None
        if not hasattr(self, "_anchor_serializer"):  # one for all the evidence listed
            self._anchor_serializer = AnchorSerializer(context=self.context)
        return self._anchor_serializer.to_representation(anchor)


class ClaimRelationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimRelation
        fields = ["from_claim", "kind", "to_claim"]


class ClaimSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    html_url = HtmlUrlField()
    attributed_to = EntityRefSerializer(allow_null=True, read_only=True)
    anchors = AnchorSerializer(source="public_anchors", many=True, read_only=True)
    # The lists opendata.with_claim_details prefetches.
    actors = EntityRefSerializer(source="actors_list", many=True, read_only=True)
    places = EntityRefSerializer(source="places_list", many=True, read_only=True)
    events = EventRefSerializer(source="events_list", many=True, read_only=True)
    quantities = QuantitySerializer(source="quantities_list", many=True, read_only=True)
    assessments = AssessmentSerializer(source="assessments_list", many=True, read_only=True)
    evidence = EvidenceSerializer(source="evidence_list", many=True, read_only=True)
    relations = serializers.SerializerMethodField(
        help_text="Links to other claims, outgoing and incoming."
    )
    source_count = serializers.IntegerField(
        read_only=True,
        help_text="How many published sources make this claim: its own and those of the claims "
        "editors confirmed as the same claim.",
    )
    first_source = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The earliest published source making it (slug).",
    )
    first_reported_on = serializers.DateField(
        source="first_source.published_on",
        read_only=True,
        allow_null=True,
        help_text="When the earliest source was published.",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "statement",
            "kind",
            "status",
            "attributed_to",
            "anchors",
            "actors",
            "places",
            "events",
            "quantities",
            "assessments",
            "evidence",
            "relations",
            "source_count",
            "first_source",
            "first_reported_on",
            "created_at",
            "updated_at",
            "api_url",
            "html_url",
        ]

    @extend_schema_field(ClaimRelationSerializer(many=True))
    def get_relations(self, claim):
        # What ClaimRelationSerializer gives, written out: building a
        # serializer per claim cost a quarter of a 50-claim page.
        return [
            {
                "from_claim": relation.from_claim_id,
                "kind": relation.kind,
                "to_claim": relation.to_claim_id,
            }
            for relation in (*claim.relations_out_list, *claim.relations_in_list)
        ]


class ActorSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:actor-detail", lookup_field="slug"
    )
    html_url = HtmlUrlField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "parent",
            "description",
            "wikidata_id",
            "aliases",
            "api_url",
            "html_url",
        ]


class PlaceSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:place-detail", lookup_field="slug"
    )
    html_url = HtmlUrlField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "parent",
            "latitude",
            "longitude",
            "geo_precision",
            "geonames_id",
            "country_code",
            "description",
            "aliases",
            "api_url",
            "html_url",
        ]


class EventActorSerializer(serializers.ModelSerializer):
    actor = EntityRefSerializer(read_only=True)

    class Meta:
        model = EventActor
        fields = ["actor", "role"]


class EventSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )
    html_url = HtmlUrlField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    places = EntityRefSerializer(many=True, read_only=True)
    actors = EventActorSerializer(source="event_actors", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "description",
            "parent",
            "date_earliest",
            "date_latest",
            "date_precision",
            "date_text",
            "places",
            "actors",
            "api_url",
            "html_url",
        ]
