from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "claimsdb administration"
admin.site.site_title = "claimsdb admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
