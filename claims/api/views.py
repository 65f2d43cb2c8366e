"""Read-only endpoints under /api/v1/. Filtering, ordering and paging come
from the same definitions the pages use; nothing here writes."""

from django.core.cache import caches
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from rest_framework import permissions, viewsets
from rest_framework.response import Response

from .. import opendata, selectors
from ..filters import ClaimFilter
from ..fragments import claim_page_key
from ..models import Actor, Claim, Event, Place, Sentence, SourceRevision
from . import serializers
from .pagination import ApiPagination
from .schema import ReadOnlyApiSchema


# GET, HEAD and OPTIONS only (anything else is 405), open to everyone, and
# no session: the API carries no user state, so it needs no CSRF protection.
class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)
    pagination_class = ApiPagination
    schema = ReadOnlyApiSchema()
    # Any path segment reaches the view, so even a malformed id or slug gets
    # the API's JSON 404 rather than the site's HTML one.
    lookup_value_regex = "[^/]+"


class SourceViewSet(PublicReadOnlyViewSet):
    """Published sources. The detail adds the full text and every sentence."""

    lookup_field = "slug"
    filterset_fields = ["language", "publisher"]

    def get_queryset(self):
        # Counted per source shown (a subquery in the select list is computed
        # for the page's rows only), not by grouping every sentence of every
        # source; and the page count then needs no grouping either.
        sentence_count = Subquery(
            Sentence.objects.filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("pk"))
            .values("n")
        )
        sources = (
            opendata.public_sources()
            .annotate(sentence_count=Coalesce(sentence_count, 0))
            .prefetch_related(
                "contributors",
                Prefetch(
                    "revisions",
                    queryset=SourceRevision.objects.defer("text", "raw").order_by("number"),
                ),
            )
            # Pages need a total order.
            .order_by("-published_on", "title", "pk")
        )
        # The raw upload is never shown, the body only on a source's own page.
        if self.action == "retrieve":
            return sources.defer("raw").prefetch_related("sentences")
        return sources.defer("text", "raw")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SourceDetailSerializer
        return serializers.SourceSerializer


CLAIM_COLUMNS = [
    "statement",
    "kind",
    "status",
    "attributed_to__slug",
    "attributed_to__name",
    "source_count",
    "first_source__slug",
    "first_source__published_on",
    "created_at",
    "updated_at",
]


class ClaimViewSet(PublicReadOnlyViewSet):
    """Claims with their anchors, entities, quantities, assessments, evidence
    and relations. Accepts the claim browser's filter parameters."""

    serializer_class = serializers.ClaimSerializer
    # The claim browser's filter set: the same query string means the same here.
    filterset_class = ClaimFilter

    def retrieve(self, request, *args, **kwargs):
        """A claim's data is kept with its page's fragments, keyed by the same
        versions (claims.fragments.claim_page_key): one query when kept. A
        lookup with filter parameters (which may refuse the claim) is not kept."""
        pk = kwargs["pk"]
        plain = pk.isascii() and pk.isdigit() and len(pk) <= 18  # other ids: DRF's 404
        if not plain or set(request.query_params) - {"format"}:
            return super().retrieve(request, *args, **kwargs)
        try:
            claim = selectors.claim_for_key(int(pk))
        except Http404:
            return super().retrieve(request, *args, **kwargs)  # its 404, as for any id
        key = f"api-claim:{claim_page_key(claim, request)}"
        data = caches["fragments"].get(key)
        if data is None:
            data = self.get_serializer(self.get_object()).data
            caches["fragments"].set(key, data)
        return Response(data)

    def get_queryset(self):
        # The columns the claim's own fields show; its anchors, entities,
        # evidence and so on are read for the whole page by the serializer.
        return (
            Claim.objects.published()
            .select_related("attributed_to", "first_source")
            .only(*CLAIM_COLUMNS)
        )


class ActorViewSet(PublicReadOnlyViewSet):
    """People, states, armed groups and other actors, with aliases and parent."""

    lookup_field = "slug"
    serializer_class = serializers.ActorSerializer
    filterset_fields = ["kind"]
    queryset = (
        Actor.objects.select_related("parent").prefetch_related("aliases").order_by("name", "pk")
    )


class PlaceViewSet(PublicReadOnlyViewSet):
    """Places with coordinates (WGS 84) and how precise those are."""

    lookup_field = "slug"
    serializer_class = serializers.PlaceSerializer
    filterset_fields = ["kind", "country_code", "geo_precision"]
    queryset = (
        Place.objects.select_related("parent").prefetch_related("aliases").order_by("name", "pk")
    )


class EventViewSet(PublicReadOnlyViewSet):
    """Events with their date range and precision, places and actors with roles."""

    lookup_field = "slug"
    serializer_class = serializers.EventSerializer
    filterset_fields = ["kind", "date_precision"]
    # Places and actors are read for the whole page by the serializer.
    queryset = Event.objects.select_related("parent").order_by(
        F("date_earliest").asc(nulls_last=True), "title", "pk"
    )
