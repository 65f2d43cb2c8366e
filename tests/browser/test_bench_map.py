"""bench_map's measurement (bench/map_bench.py) on the test data:
every page is drawn and weighed. No timing is asserted."""

import pytest

from bench.map_bench import as_json, measure
from tests.sample import build_sample

pytestmark = pytest.mark.browser


def test_it_times_and_weighs_the_map_the_timeline_and_a_place_page(browser, live_server, editor):
    sample = build_sample(editor)
    results = {
        r.name: r
        for r in measure(runs=1, log=lambda line: None, base_url=live_server.url, browser=browser)
    }
    assert sorted(results) == ["map", "place page", "timeline"]
    assert results["map"].drawn == "2"  # Al-Bab and Aleppo
    assert results["timeline"].drawn == "1"
    assert results["place page"].path == sample.places.al_bab.get_absolute_url()
    assert set(results["map"].marks) == {"places-drawn", "basemap-drawn"}
    for result in results.values():
        assert result.html_bytes > 0
        assert all(len(times) == 1 and times[0] > 0 for times in result.marks.values())
    assert results["map"].data_bytes > 0  # the places' GeoJSON
    assert as_json(results.values())[0]["summary"]


def test_past_the_threshold_it_weighs_each_request_of_the_clustered_map(
    browser, live_server, editor, settings
):
    build_sample(editor)
    settings.MAP_CLUSTER_THRESHOLD = 1
    (result, *_) = measure(runs=1, log=lambda line: None, base_url=live_server.url, browser=browser)
    assert result.name == "map"
    assert result.clustered == "server"
    assert result.drawn == "2"
    # One request for the view the map framed (the page gives the box), and
    # one after a zoom step.
    assert len(result.data_sizes) == 1 and result.data_sizes[0] > 0
    assert result.zoom_sizes and all(size > 0 for size in result.zoom_sizes)
