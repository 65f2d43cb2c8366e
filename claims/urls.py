from django.urls import path

from .views import browse, health, pages, search

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("sources/<slug:slug>/", pages.source_detail, name="source-detail"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim-detail"),
    path("actors/<slug:slug>/", pages.actor_detail, name="actor-detail"),
    path("places/<slug:slug>/", pages.place_detail, name="place-detail"),
    path("events/<slug:slug>/", pages.event_detail, name="event-detail"),
    path("claims/", browse.claim_browser, name="claim-list"),
    path("search/", search.site_search, name="site-search"),
]
