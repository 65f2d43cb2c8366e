from django.urls import path

from .views import browse, claim, entities, health, home, reader, search

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("sources/<slug:slug>/", reader.source_detail, name="source-detail"),
    path("claims/", browse.claim_browser, name="claim-list"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim-detail"),
    path("search/", search.site_search, name="site-search"),
    path("actors/", entities.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", entities.actor_detail, name="actor-detail"),
    path("places/", entities.place_list, name="place-list"),
    path("places/<slug:slug>/", entities.place_detail, name="place-detail"),
    path("events/", entities.event_list, name="event-list"),
    path("events/<slug:slug>/", entities.event_detail, name="event-detail"),
]
