from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views
from .schema import StaticSchemaView

router = DefaultRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("places", views.PlaceViewSet, basename="place")
router.register("events", views.EventViewSet, basename="event")

# Redoc builds its styles at run time as <style> elements and runs its search
# in a worker made from a blob: this one page allows both (scripts in the
# page itself stay our own files only). Its "Redocly" logo, from another
# host, stays refused.
redoc = csp_override(
    {
        **settings.SECURE_CSP,
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "worker-src": [CSP.SELF, "blob:"],
    }
)(SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"))

app_name = "api"
urlpatterns = [
    path("schema/", StaticSchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (?script), not inline: CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("redoc/", redoc, name="redoc"),
    path("", include(router.urls)),
]
