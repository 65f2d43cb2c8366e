"""OpenAPI description of the error responses as well, so that every answer
the API gives (not only 200) is covered by the schema."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.response import Response

NotFound = inline_serializer(
    name="NotFound", fields={"detail": serializers.CharField(help_text="Why nothing was found.")}
)
# django-filter's answer: {"parameter": ["message", ...], ...}
INVALID_FILTER = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class ReadOnlyApiSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        # As in an HTML form, an empty filter (`?kind=`) means "any" and an
        # empty `page` the first page; only page_size must be a number.
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query" and parameter["name"] != "page_size":
                parameter["allowEmptyValue"] = True
        return operation

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        responses["404"] = self._get_response_for_code(
            NotFound,
            "404",
            direction=direction,
        )
        responses["404"]["description"] = "No such object, or a page number past the last page."
        if self._is_list_view():
            responses["400"] = self._get_response_for_code(
                INVALID_FILTER, "400", direction=direction
            )
            responses["400"]["description"] = (
                "A filter parameter was rejected: one key per parameter, with its messages."
            )
        return responses


class StaticSchemaView(SpectacularAPIView):
    """The OpenAPI document, generated once per process and API version.

    It is a function of the code and settings only (no server URL or user in
    it), so it cannot change while the process runs; generating it walks
    every view and serializer (tens of milliseconds per request)."""

    _schemas = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, self.urlconf, self.serve_public, tuple(self.patterns or ()))
        if key not in self._schemas:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            self._schemas[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=self._schemas[key],
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )
