"""The site's URLs plus the benchmarks' floor (claimsdb.settings_bench only)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor", views.floor, name="bench-floor"),
    path("", include("claimsdb.urls")),
]
