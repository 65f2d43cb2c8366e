import re

import pytest
from django.template import Context, Template

from claims.models import Place

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load maps %}{% place_map place %}")


def render(place):
    return TEMPLATE.render(Context({"place": place}))


def test_it_draws_one_place_on_an_offline_map_without_queries(django_assert_num_queries):
    place = Place(name="Al-Bab <town>", slug="al-bab", latitude=36.37, longitude=37.52)
    with django_assert_num_queries(0):
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
