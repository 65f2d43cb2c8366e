from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`?page=N` and `?page_size=1..200` (default 50). A page size that is
    not a whole number in that range is refused with 400, not guessed at."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) == 1 and raw[0].isascii() and raw[0].isdigit():
            size = int(raw[0])
            if 1 <= size <= self.max_page_size:
                return size
        raise ValidationError(
            {self.page_size_query_param: [f"Give one whole number from 1 to {self.max_page_size}."]}
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
