import json
import re

import pytest
from django.template import Context, Template

from claims.models import Place

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load maps %}{% place_map place %}")


def render(place):
    return TEMPLATE.render(Context({"place": place}))


def test_it_draws_one_place_on_an_offline_map_in_one_query(django_assert_num_queries):
    place = Place(name="Al-Bab <town>", slug="al-bab", latitude=36.37, longitude=37.52)
    with django_assert_num_queries(1):  # its neighbours
        html = render(place)
    assert 'aria-label="Map of Al-Bab &lt;town&gt; and its surroundings, at latitude 36.370' in html
    assert re.search(r'<path class="land" d="M[\d.,LMZ-]+Z"', html)
    # The marker sits inside the drawn area.
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', html).groups())
    cx, cy = map(float, re.search(r'cx="([\d.]+)" cy="([\d.]+)"', html).groups())
    assert 0 < cx < width
    assert 0 < cy < height
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_it_renders_nothing_without_coordinates():
    assert render(Place(name="Somewhere", slug="somewhere")).strip() == ""


def test_it_appears_on_the_place_page(client):
    place = Place.objects.create(
        name="Manbij", slug="manbij", latitude=36.53, longitude=37.95, geo_precision="exact"
    )
    html = client.get(place.get_absolute_url()).content.decode()
    assert 'aria-label="Map of Manbij and its surroundings, at latitude 36.530' in html
    assert '<a href="/map/">All places on the map</a>' in html


def test_it_names_the_place_and_its_nearest_neighbours(django_assert_num_queries):
    place = Place.objects.create(name="Al-Bab", slug="al-bab", latitude=36.37, longitude=37.52)
    Place.objects.create(name="Aleppo", slug="aleppo", latitude=36.2, longitude=37.16)
    Place.objects.create(name="Manbij", slug="manbij", latitude=36.53, longitude=37.95)
    Place.objects.create(name="Baghdad", slug="baghdad", latitude=33.3, longitude=44.4)  # far off
    Place.objects.create(name="Nowhere", slug="nowhere")
    with django_assert_num_queries(1):
        html = render(place)
    # The drawing without JavaScript labels the place and its neighbours.
    labels = re.findall(r'<text class="marker-label ([\w-]+)"[^>]*>([^<]+)</text>', html)
    assert ("here-label", "Al-Bab") in labels
    assert {name for kind, name in labels if kind == "neighbour-label"} == {"Aleppo", "Manbij"}
    # Leaflet gets the same neighbours, nearest first, as a JSON data block.
    data = re.search(r'<script id="place-neighbours" type="application/json">(.*?)</script>', html)
    neighbours = json.loads(data.group(1))
    assert [n["name"] for n in neighbours] == ["Aleppo", "Manbij"]
    assert neighbours[0]["url"] == "/places/aleppo/"
    assert 'data-name="Al-Bab"' in html
    caption = re.search(r"<figcaption.*?</figcaption>", html, re.S).group()
    assert '<a href="/places/aleppo/">Aleppo</a>, <a href="/places/manbij/">Manbij</a>' in caption
    assert not re.search(r"<script>|\bon[a-z]+=\"", html)  # no inline code (CSP)
