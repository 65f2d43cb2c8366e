"""Names for the editors' entity pickers: a small JSON list, read-only and
public (the same names are on the entity pages)."""

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from ..models import Actor, Event, Place

LIMIT = 20
KINDS = {"actors": (Actor, "name"), "places": (Place, "name"), "events": (Event, "title")}


@require_GET
def autocomplete(request, kind):
    """{"results": [{"value", "slug", "label"}]}: names starting with or containing ?q=."""
    if kind not in KINDS:
        raise Http404("No such list.")
    model, name_field = KINDS[kind]
    query = request.GET.get("q", "").strip()[:100]
    matches = model.objects.all()
    if query:
        contains = Q(**{f"{name_field}__icontains": query})
        if model is not Event:
            contains |= Q(aliases__name__icontains=query)
        matches = matches.filter(contains).distinct()
    matches = matches.order_by(name_field)[: LIMIT * 3]
    # Names that start with what was typed come first.
    ranked = sorted(matches, key=lambda obj: not str(obj).casefold().startswith(query.casefold()))[
        :LIMIT
    ]
    results = [{"value": str(obj), "slug": obj.slug, "label": _label(obj)} for obj in ranked]
    return JsonResponse({"results": results})


def _label(obj):
    kind = obj.get_kind_display()
    return f"{obj} ({kind})"
