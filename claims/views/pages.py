"""Minimal pages so every model's get_absolute_url resolves; the researcher
pages issue replaces these with the full reader, claim and entity pages."""

from django.shortcuts import get_object_or_404, render

from ..models import Actor, Claim, Event, Place, Source


def home(request):
    sources = Source.objects.published()
    return render(request, "claims/home.html", {"sources": sources})


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.published(), slug=slug)
    return render(request, "claims/source_detail.html", {"source": source})


def claim_detail(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    return render(request, "claims/claim_detail.html", {"claim": claim})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    return render(request, "claims/entity_detail.html", {"entity": actor})


def place_detail(request, slug):
    place = get_object_or_404(Place, slug=slug)
    return render(request, "claims/entity_detail.html", {"entity": place})


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return render(request, "claims/entity_detail.html", {"entity": event})
