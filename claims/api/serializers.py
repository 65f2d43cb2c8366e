"""Read-only representations for /api/v1/.

Ids are stable: claims are addressed by their integer id, sources and
entities by their slug; both are kept by dump and restore.
"""

from functools import partial

from django.db.models import F, Q
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

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


class PageListSerializer(serializers.ListSerializer):
    """A page of objects rendered at once: the child's to-many relations are
    read for the whole page, one query per table, as plain rows (see
    PageRowsSerializer)."""

    def to_representation(self, data):
        return self.child.represent(list(data))


def columns(serializer):
    """(name, values() path, field) for each field of a nested serializer: a
    column, or the slug of a related row (field None: taken as it is)."""
    found = []
    for name, field in serializer.fields.items():
        path = "__".join(field.source_attrs)
        if isinstance(field, serializers.SlugRelatedField):
            found.append((name, f"{path}__{field.slug_field}", None))
        else:
            found.append((name, path, field))
    return found


def paths(serializer, prefix=""):
    return [prefix + path for _, path, _ in columns(serializer)]


def as_row(columns, values, prefix=""):
    """A nested object's representation from a values() row, as its serializer
    would give it from the model instance (None stays None, as in DRF)."""
    row = {}
    for name, path, field in columns:
        value = values[prefix + path]
        row[name] = value if value is None or field is None else field.to_representation(value)
    return row


def by_owner(rows, owner, represent):
    """{owner's pk: [represented row, ...]}, in the rows' order."""
    grouped = {}
    for values in rows:
        grouped.setdefault(values[owner], []).append(represent(values))
    return grouped


# A ModelSerializer whose to-many fields are filled from `related_rows`.
#
# Prefetching built a model instance for every related row and DRF a
# serializer pass over each (half the time of a 50-claim page); here each
# relation is one values() query for all the objects shown, and each row is
# formatted by the declared nested serializer's own fields, so the JSON and
# the schema stay those of the declarations. The object's own fields go
# through DRF as before. A single object (a detail) takes the same path.
# Subclasses name PageListSerializer as their Meta.list_serializer_class.
# (A comment, not a docstring: drf-spectacular would put a base class's
# docstring into the schema as the description of Claim and Event.)
class PageRowsSerializer(serializers.ModelSerializer):
    def related_rows(self, pks):
        """{field name: {pk: [representation, ...]}} for the objects `pks`."""
        raise NotImplementedError

    def to_representation(self, instance):
        return self.represent([instance])[0]

    def represent(self, objects):
        related = self.related_rows([obj.pk for obj in objects]) if objects else {}
        fields = list(self._readable_fields)
        represented = []
        for obj in objects:
            ret = {}
            for field in fields:
                name = field.field_name
                if name in related:
                    ret[name] = related[name].get(obj.pk, [])
                    continue
                # What Serializer.to_representation does with each field.
                try:
                    attribute = field.get_attribute(obj)
                except SkipField:
                    continue
                check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[name] = None if check_for_none is None else field.to_representation(attribute)
            represented.append(ret)
        return represented


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


class ClaimSerializer(PageRowsSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    html_url = HtmlUrlField()
    attributed_to = EntityRefSerializer(allow_null=True, read_only=True)
    # The to-many fields are filled by related_rows for a page of claims at
    # once; their declarations give the schema and each row's formatting.
    anchors = AnchorSerializer(source="public_anchors", many=True, read_only=True)
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
        list_serializer_class = PageListSerializer
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
        # For the schema; a page's relations come from related_rows.
        return self._relation_rows([claim.pk])[claim.pk]

    def related_rows(self, pks):
        fields = self.fields
        anchor = fields["anchors"].child
        anchors = Anchor.objects.filter(claim__in=pks, sentence__source__is_published=True)
        anchor_columns = columns(anchor)
        rows = {
            "anchors": by_owner(
                anchors.order_by("pk").values("claim_id", *paths(anchor)),
                "claim_id",
                partial(as_row, anchor_columns),
            )
        }
        # Each entity as its model orders it (the pk settles ties).
        for name, entity, order in (
            ("actors", "actor", ("actor__name",)),
            ("places", "place", ("place__name",)),
            ("events", "event", (F("event__date_earliest").asc(nulls_last=True), "event__title")),
        ):
            child = fields[name].child
            links = getattr(Claim, name).through.objects.filter(claim__in=pks)
            rows[name] = by_owner(
                links.order_by(*order, f"{entity}_id").values(
                    "claim_id", *paths(child, f"{entity}__")
                ),
                "claim_id",
                partial(as_row, columns(child), prefix=f"{entity}__"),
            )
        for name, model, order in (
            ("quantities", Quantity, ("id",)),
            ("assessments", Assessment, ("created_at", "id")),
        ):
            child = fields[name].child
            rows[name] = by_owner(
                model.objects.filter(claim__in=pks)
                .order_by("claim_id", *order)
                .values("claim_id", *paths(child)),
                "claim_id",
                partial(as_row, columns(child)),
            )
        rows["evidence"] = self._evidence_rows(pks, fields["evidence"].child, anchor)
        rows["relations"] = self._relation_rows(pks)
        return rows

    def _evidence_rows(self, pks, evidence, anchor):
        own = [column for column in columns(evidence) if column[0] not in ("anchor", "sentence")]
        anchor_columns = columns(anchor)
        request = self.context.get("request")

        def represent(values):
            row = as_row(own, values)
            # A passage or a sentence in a source researchers cannot see is not disclosed.
            if values["anchor_id"] is None or not values["anchor__sentence__source__is_published"]:
                row["anchor"] = None
            else:
                row["anchor"] = as_row(anchor_columns, values, "anchor__")
            if values["source_id"] is None or not values["source__is_published"]:
                row["sentence"] = None
                return row
            path = Source(slug=values["source__slug"]).get_absolute_url()
            if values["sentence__index"] is not None:
                path += f"#s-{values['sentence__index']}"
            row["sentence"] = {
                "source": values["source__slug"],
                "source_title": values["source__title"],
                "source_published_on": values["source__published_on"],
                "sentence": values["sentence__index"],
                "text": values["quote"],
                "html_url": request.build_absolute_uri(path) if request else path,
            }
            return row

        evidence_rows = (
            Evidence.objects.filter(claim__in=pks)
            .order_by("claim_id", "id")
            .values(
                "claim_id",
                *(path for _, path, _ in own),
                "anchor_id",
                "anchor__sentence__source__is_published",
                *paths(anchor, "anchor__"),
                "source_id",
                "source__is_published",
                "source__slug",
                "source__title",
                "source__published_on",
                "sentence__index",
                "quote",
            )
        )
        return by_owner(evidence_rows, "claim_id", represent)

    def _relation_rows(self, pks):
        """Links to other claims researchers can see, outgoing then incoming,
        each in ClaimRelation's order: one query for both directions."""
        links = (
            ClaimRelation.objects.filter(
                Q(from_claim__in=pks, to_claim__is_published=True)
                | Q(to_claim__in=pks, from_claim__is_published=True)
            )
            .order_by("from_claim_id", "kind", "to_claim_id")
            .values_list(
                "from_claim_id",
                "kind",
                "to_claim_id",
                "from_claim__is_published",
                "to_claim__is_published",
            )
        )
        shown = set(pks)
        outgoing, incoming = {}, {}
        for from_claim, kind, to_claim, from_published, to_published in links:
            row = {"from_claim": from_claim, "kind": kind, "to_claim": to_claim}
            if from_claim in shown and to_published:
                outgoing.setdefault(from_claim, []).append(row)
            if to_claim in shown and from_published:
                incoming.setdefault(to_claim, []).append(dict(row))
        return {pk: outgoing.get(pk, []) + incoming.get(pk, []) for pk in shown}


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


class EventSerializer(PageRowsSerializer):
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
        list_serializer_class = PageListSerializer

    def related_rows(self, pks):
        place = self.fields["places"].child
        places = Event.places.through.objects.filter(event__in=pks).order_by(
            "place__name", "place_id"
        )
        event_actor = self.fields["actors"].child
        actor = event_actor.fields["actor"]
        actor_columns, role = columns(actor), event_actor.fields["role"]
        # As EventActor orders them within an event: by role, then the actor's name.
        actors = EventActor.objects.filter(event__in=pks).order_by(
            "role", "actor__name", "actor_id"
        )
        return {
            "places": by_owner(
                places.values("event_id", *paths(place, "place__")),
                "event_id",
                partial(as_row, columns(place), prefix="place__"),
            ),
            "actors": by_owner(
                actors.values("event_id", "role", *paths(actor, "actor__")),
                "event_id",
                lambda values: {
                    "actor": as_row(actor_columns, values, "actor__"),
                    "role": role.to_representation(values["role"]),
                },
            ),
        }
