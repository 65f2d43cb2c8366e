"""Actor, place and event pages and their indexes."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import indexes, selectors
from ..models import Actor, Event, Place


def _index(request, model, title):
    # Event titles mostly begin "Battle of", "Offensive on": initials would not help.
    by_letter = model is not Event
    return render(
        request,
        "claims/entity_index.html",
        {
            "title": title,
            "noun": model._meta.verbose_name_plural,
            "index": indexes.entity_index(model, request.GET, by_letter=by_letter),
            "by_letter": by_letter,
            "has_mentions": model is not Event,
        },
    )


@require_GET
def actor_list(request):
    return _index(request, Actor, "Actors")


@require_GET
def place_list(request):
    return _index(request, Place, "Places")


@require_GET
def event_list(request):
    return _index(request, Event, "Events")


@require_GET
def actor_detail(request, slug):
    return render(request, "claims/actor_detail.html", {"actor": selectors.actor_for_page(slug)})


@require_GET
def place_detail(request, slug):
    return render(request, "claims/place_detail.html", {"place": selectors.place_for_page(slug)})


@require_GET
def event_detail(request, slug):
    return render(request, "claims/event_detail.html", {"event": selectors.event_for_page(slug)})
