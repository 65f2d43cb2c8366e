from django.urls import include, path

from .views import exports, health, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("api/v1/", include("claims.api.urls")),
    path("exports/claims.csv", exports.claims_csv_export, name="export-claims-csv"),
    path("exports/events.csv", exports.events_csv_export, name="export-events-csv"),
    path("exports/places.geojson", exports.places_geojson_export, name="export-places-geojson"),
    path("exports/events.geojson", exports.events_geojson_export, name="export-events-geojson"),
    path(
        "sources/<slug:slug>/annotations.jsonld",
        exports.source_annotations_export,
        name="source-annotations",
    ),
    path("sources/<slug:slug>/text.txt", exports.source_text, name="source-text"),
    path("healthz", health.healthz, name="healthz"),
    path("sources/<slug:slug>/", pages.source_detail, name="source-detail"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim-detail"),
    path("actors/<slug:slug>/", pages.actor_detail, name="actor-detail"),
    path("places/<slug:slug>/", pages.place_detail, name="place-detail"),
    path("events/<slug:slug>/", pages.event_detail, name="event-detail"),
]
