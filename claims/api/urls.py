from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
from .schema import StaticSchemaView

router = DefaultRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("places", views.PlaceViewSet, basename="place")
router.register("events", views.EventViewSet, basename="event")

app_name = "api"
urlpatterns = [
    path("schema/", StaticSchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
