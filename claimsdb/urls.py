from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "claimsdb administration"
admin.site.site_title = "claimsdb admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]

# 500 and 503 (a database outage): claims/views/errors.py. 400, 403 and 404
# are Django's own views with the templates in templates/.
handler500 = "claims.views.errors.server_error"
