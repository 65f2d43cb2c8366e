from django.urls import include, path

from .views import health, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("api/v1/", include("claims.api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("sources/<slug:slug>/", pages.source_detail, name="source-detail"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim-detail"),
    path("actors/<slug:slug>/", pages.actor_detail, name="actor-detail"),
    path("places/<slug:slug>/", pages.place_detail, name="place-detail"),
    path("events/<slug:slug>/", pages.event_detail, name="event-detail"),
]
