"""The site's URLs plus the benchmarks' floor (claimsdb.settings_bench only)."""

from django.urls import include, path

from claimsdb.urls import handler500  # noqa: F401  the site's error pages, outages as 503

from . import views

urlpatterns = [
    path("bench/floor", views.floor, name="bench-floor"),
    path("", include("claimsdb.urls")),
]
