from django.urls import include, path

from .views import claim, entities, exports, health, home, reader

urlpatterns = [
    path("", home.home, name="home"),
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
    path("claims/<int:pk>/claimreview.jsonld", exports.claim_review_export, name="claim-review"),
    path("exports/claimreviews.jsonld", exports.claim_reviews_export, name="export-claimreviews"),
    path("healthz", health.healthz, name="healthz"),
    path("sources/<slug:slug>/", reader.source_detail, name="source-detail"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim-detail"),
    path("actors/", entities.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", entities.actor_detail, name="actor-detail"),
    path("places/", entities.place_list, name="place-list"),
    path("places/<slug:slug>/", entities.place_detail, name="place-detail"),
    path("events/", entities.event_list, name="event-list"),
    path("events/<slug:slug>/", entities.event_detail, name="event-detail"),
]
