"""Downloads: thin views over claims.exports (formats in docs/open-data.md)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .. import opendata
from ..exports import annotations, claimreview, claims_csv, events_csv, geojson
from ..filters import ClaimFilter
from ..jsonld import claim_review
from ..models import Claim

CSV = "text/csv; charset=utf-8"


def _download(chunks, content_type, filename):
    # Once the first byte is out the status is 200 whatever happens next, so
    # ask the database first: an outage then answers 503 (claims.views.errors),
    # not a header row and a cut-off file.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_ld(data, content_type):
    return JsonResponse(
        data,
        encoder=DjangoJSONEncoder,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def _invalid_filter(filterset):
    lines = [
        f"{name}: {message}" for name, messages in filterset.errors.items() for message in messages
    ]
    return HttpResponse(
        "The filter was not applied:\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_safe
def claims_csv_export(request):
    """Claims matching the claim browser's query string, one row per anchor."""
    filterset = ClaimFilter(request.GET, queryset=Claim.objects.published())
    if not filterset.is_valid():
        return _invalid_filter(filterset)
    chunks = claims_csv.claims_csv(filterset.qs, request.build_absolute_uri)
    return _download(chunks, CSV, "claims.csv")


@require_safe
def events_csv_export(request):
    return _download(events_csv.events_csv(request.build_absolute_uri), CSV, "events.csv")


@require_safe
def places_geojson_export(request):
    return _download(
        geojson.places_geojson(request.build_absolute_uri), geojson.MEDIA_TYPE, "places.geojson"
    )


@require_safe
def events_geojson_export(request):
    return _download(
        geojson.events_geojson(request.build_absolute_uri), geojson.MEDIA_TYPE, "events.geojson"
    )


@require_safe
def source_annotations_export(request, slug):
    source = get_object_or_404(opendata.public_sources(), slug=slug)
    data = annotations.source_annotations(source, request.build_absolute_uri)
    return _json_ld(data, annotations.MEDIA_TYPE)


@require_safe
def source_text(request, slug):
    """The source's text exactly as stored: what anchor offsets count in."""
    source = get_object_or_404(opendata.public_sources(), slug=slug)
    return HttpResponse(source.text, content_type="text/plain; charset=utf-8")


@require_safe
def claim_review_export(request, pk):
    claim = get_object_or_404(claimreview.reviewable_claims(), pk=pk)
    review = claim_review(claim, request)
    if review is None:  # pragma: no cover - reviewable_claims() holds assessed claims only
        raise Http404("This claim has not been assessed.")
    return _json_ld(review, claimreview.MEDIA_TYPE)


@require_safe
def claim_reviews_export(request):
    return _download(
        claimreview.claim_reviews(request), claimreview.MEDIA_TYPE, "claimreviews.jsonld"
    )
