import re
from datetime import date

import pytest

from claims.models import EventActor
from tests.factories import make_actor, make_claim, make_event, make_place, make_source
from tests.pagetext import visible_text as text

pytestmark = pytest.mark.django_db


def get(client, query=""):
    response = client.get("/map/" + query)
    assert response.status_code == 200
    return response.content.decode()


def marker_names(html):
    """The accessible names of the map's place links, in order."""
    svg = re.search(r"<svg.*?</svg>", html, re.S).group()
    return re.findall(r'<a href="[^"]+" aria-label="([^"]+)">', svg)


@pytest.fixture
def world():
    al_bab = make_place("Al-Bab", latitude=36.37, longitude=37.52, geo_precision="exact")
    manbij = make_place("Manbij", latitude=36.53, longitude=37.95, geo_precision="exact")
    raqqa = make_place("Raqqa", latitude=35.95, longitude=39.01, geo_precision="near")
    nowhere = make_place("Tishrin front")  # no coordinates
    turkey = make_actor("Turkey")
    sdf = make_actor("SDF")
    battle = make_event(
        "Battle of Al-Bab",
        date_earliest=date(2016, 11, 6),
        date_latest=date(2017, 2, 23),
        date_precision="day",
    )
    battle.places.set([al_bab])
    EventActor.objects.create(event=battle, actor=turkey, role="initiator")
    offensive = make_event("Manbij offensive", date_precision="unknown")
    offensive.places.set([manbij, nowhere])
    EventActor.objects.create(event=offensive, actor=sdf, role="initiator")
    talks = make_event("Astana talks")  # no place
    source = make_source([["Raqqa was bombed by the coalition."]])
    make_claim(source.sentences.get(), places=[raqqa], actors=[sdf])
    return {
        "al_bab": al_bab,
        "turkey": turkey,
        "sdf": sdf,
        "battle": battle,
        "offensive": offensive,
        "talks": talks,
    }


def test_it_draws_an_offline_base_map_and_a_linked_marker_per_place(client, world):
    html = get(client)
    assert re.search(r'<path class="land" d="M[\d.,LMZ-]+Z', html)
    # Nothing is loaded from another host.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert marker_names(html) == [
        "Al-Bab: 1 event, 0 claims",
        "Manbij: 1 event, 0 claims",
        "Raqqa: 1 claim",
    ]
    assert f'href="/places/{world["al_bab"].slug}/"' in html
    # The name is also the tooltip; a place with events is drawn larger, in red.
    assert "<title>Al-Bab: 1 event, 0 claims</title>" in html
    assert re.search(r'<circle class="marker marker-event" cx="[\d.]+" cy="[\d.]+" r="12"/>', html)


def test_it_lists_places_and_their_events_in_words(client, world):
    page = text(get(client))
    assert "Battle of Al-Bab, 6 November 2016 – 23 February 2017" in page
    assert "Raqqa (city / town; 35.950, 39.010, near (approximate); 1 claim)" in page
    assert "Not on the map: places without coordinates Tishrin front (Manbij offensive)" in page
    assert "Not on the map: events with no place Astana talks, unknown date" in page


def test_it_filters_by_event(client, world):
    html = get(client, f"?event={world['battle'].slug}")
    assert marker_names(html) == ["Al-Bab: 1 event, 0 claims"]
    assert "1 place of Battle of Al-Bab." in text(html)
    assert "Astana talks" not in text(html)


def test_it_filters_by_actor_through_events_and_claims(client, world):
    html = get(client, f"?actor={world['sdf'].slug}")
    assert marker_names(html) == [
        "Manbij: 1 event, 0 claims",
        "Raqqa: 1 claim",
    ]
    html = get(client, f"?actor={world['turkey'].slug}&event={world['offensive'].slug}")
    assert 'class="map-svg"' not in html
    assert "No place with coordinates matches the event Manbij offensive and the actor Turkey." in (
        text(html)
    )


def test_it_explains_an_unknown_filter(client, world):
    html = get(client, "?event=nothing-here")
    assert "There is no event with the identifier “nothing-here”." in text(html)
    assert len(marker_names(html)) == 3


def test_it_says_so_when_no_place_has_coordinates(client, db):
    make_place("Somewhere")
    assert "No place has coordinates yet." in text(get(client))


def test_its_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    def count(query=""):
        with django_assert_max_num_queries(30) as captured:
            get(client, query)
        return len(captured)

    before = count()
    for n in range(10):
        place = make_place(f"Village {n}", latitude=36 + n / 10, longitude=37 + n / 10)
        event = make_event(f"Clash {n}")
        event.places.set([place, world["al_bab"]])
        EventActor.objects.create(event=event, actor=world["turkey"])
    assert count() == before
    filtered = count(f"?actor={world['turkey'].slug}")
    make_place("Village 10", latitude=36.1, longitude=37.1).events.add(world["battle"])
    assert count(f"?actor={world['turkey'].slug}") == filtered


def svg_geometry(html):
    """The viewBox size, the marker centres and the drawn labels' estimated boxes."""
    svg = re.search(r"<svg.*?</svg>", html, re.S).group()
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    centres = [tuple(map(float, c)) for c in re.findall(r'cx="([\d.-]+)" cy="([\d.-]+)"', svg)]
    boxes = []
    label = (
        r'<text class="marker-label" x="([\d.-]+)" y="([\d.-]+)" text-anchor="(\w+)"[^>]*>([^<]+)<'
    )
    for x, y, anchor, name in re.findall(label, svg):
        x, y, w = float(x), float(y), 0.55 * 22 * len(name)  # 22px text, average glyph
        x0 = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
        boxes.append((x0, y - 16, x0 + w, y + 4))  # cap height above, descender below
    return width, height, centres, boxes


def test_it_frames_street_level_places_when_a_country_centroid_is_far_away(client, world):
    make_place(
        "United States", latitude=39.8, longitude=-98.6, geo_precision="centroid", kind="country"
    )
    make_place("Europe", latitude=48.7, longitude=9.1, geo_precision="exact", kind="area")
    html = get(client)
    width, height, centres, _ = svg_geometry(html)
    # The Syrian places are drawn, spread across a regional view, not a blob.
    assert [name.split(":")[0] for name in marker_names(html)] == ["Al-Bab", "Manbij", "Raqqa"]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in centres)
    xs = [x for x, _ in centres]
    assert max(xs) - min(xs) > width / 4
    page = text(html)
    assert "3 places. 2 places lie outside this view; see the list." in page
    assert "United States (country;" in page


def test_it_draws_labels_that_do_not_overlap(client, db):
    for n in range(15):
        make_place(
            f"Village number {n}",
            latitude=36 + (n % 4) * 0.05,
            longitude=37 + (n // 4) * 0.08,
            geo_precision="exact",
        )
    html = get(client)
    _, _, centres, boxes = svg_geometry(html)
    assert len(centres) == len(marker_names(html)) == 15  # every place keeps its link
    assert 0 < len(boxes) < 15
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_it_lists_places_in_words_a_page_at_a_time(client, world, monkeypatch):
    monkeypatch.setattr("claims.views.maps.PLACES_PER_PAGE", 2)
    html = get(client)
    # The list names the first two, by name, and the drawing for readers
    # without JavaScript shows those two: the page does not grow with the corpus.
    assert len(marker_names(html)) == 2
    page = text(html)
    assert "Places 1 to 2 of 3, by name." in page
    assert "Battle of Al-Bab, 6 November 2016" in page
    assert "Raqqa (city" not in page
    assert 'href="/map/?page=2#places"' in html
    page = text(get(client, "?page=2"))
    assert "Raqqa (city / town; 35.950, 39.010, near (approximate); 1 claim)" in page
    assert "Battle of Al-Bab" not in page.split("Places 3 to 3 of 3")[1]
    # Filters are kept from page to page.
    monkeypatch.setattr("claims.views.maps.PLACES_PER_PAGE", 1)
    html = get(client, f"?actor={world['sdf'].slug}")
    assert f'href="/map/?actor={world["sdf"].slug}&amp;page=2#places"' in html


def test_its_menus_offer_events_held_somewhere_and_every_actor(client, world):
    html = get(client, f"?event={world['battle'].slug}")
    menu = re.search(r'<select id="map-event".*?</select>', html, re.S).group()
    assert f'<option value="{world["battle"].slug}" selected>Battle of Al-Bab</option>' in menu
    assert "Manbij offensive" in menu
    assert "Astana talks" not in menu  # held nowhere
    menu = re.search(r'<select id="map-actor".*?</select>', html, re.S).group()
    assert re.findall(r"<option value=\"[^\"]+\">(\w+)</option>", menu) == ["SDF", "Turkey"]


def test_it_escapes_names_in_the_map(client, db):
    make_place("Tom & <Jerry>", latitude=36.2, longitude=37.1, geo_precision="exact")
    html = get(client)
    assert 'aria-label="Tom &amp; &lt;Jerry&gt;: 0 claims"' in html
    assert ">Tom &amp; &lt;Jerry&gt;</text>" in html
    assert "<Jerry>" not in html


def data(client, query=""):
    response = client.get("/map/places.geojson" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def features(collection):
    return {f["properties"]["name"]: f["properties"] for f in collection["features"]}


def test_its_data_has_every_located_place_with_counts_by_status_and_events(client, world):
    collection = data(client)
    places = features(collection)
    assert sorted(places) == ["Al-Bab", "Manbij", "Raqqa"]  # Tishrin front has no coordinates
    assert collection["without_coordinates"] == 1
    assert places["Raqqa"]["counts"] == {"unassessed": 1}
    assert places["Raqqa"]["claims"] == 1
    assert places["Raqqa"]["precision"] == "near"
    assert places["Raqqa"]["url"] == f"/places/{places['Raqqa']['slug']}/"
    (battle,) = places["Al-Bab"]["events"]
    assert collection["events"][str(battle)]["title"] == "Battle of Al-Bab"
    assert collection["events"][str(battle)]["when"] == "6 November 2016 – 23 February 2017"
    assert collection["statuses"]["partly_supported"] == "Partly supported"
    point = next(f for f in collection["features"] if f["id"] == world["al_bab"].slug)["geometry"]
    assert point == {"type": "Point", "coordinates": [37.52, 36.37]}


def test_its_data_takes_the_pages_filters(client, world):
    sdf, battle = world["sdf"].slug, world["battle"].slug
    assert sorted(features(data(client, f"?actor={sdf}"))) == ["Manbij", "Raqqa"]
    assert sorted(features(data(client, f"?event={battle}"))) == ["Al-Bab"]
    # Status and kind are the claims': only places with such claims remain.
    assert sorted(features(data(client, "?status=unassessed"))) == ["Raqqa"]
    assert features(data(client, "?status=refuted")) == {}
    assert sorted(features(data(client, "?kind=factual&status=unassessed"))) == ["Raqqa"]
    # A period keeps the places of events overlapping it.
    assert sorted(features(data(client, "?since=2017-01-01&until=2017-12-31"))) == ["Al-Bab"]
    assert features(data(client, "?since=2018-01-01")) == {}
    assert sorted(features(data(client, "?until=2016-11-06"))) == ["Al-Bab"]


def test_its_data_names_what_it_could_not_understand(client, world):
    collection = data(client, "?actor=nobody&since=yesterday&status=true")
    assert len(collection["features"]) == 3  # every bad filter is left out
    assert "There is no actor with the identifier “nobody”." in collection["errors"]
    assert "“Events from” needs a date written as YYYY-MM-DD." in collection["errors"]
    assert any("true" in error for error in collection["errors"])
    collection = data(client, "?since=2017-02-01&until=2016-01-01")
    assert "The period ends before it begins; the period was left out." in collection["errors"]
    assert len(collection["features"]) == 3


def test_its_data_costs_the_same_queries_however_many_places(
    client, world, django_assert_num_queries
):
    queries = {}
    for query in ("", f"?actor={world['turkey'].slug}&status=unassessed&since=2016-01-01"):
        # The totals (claims.map_data.place_totals: cluster or not?), the
        # places, their claims by status, their events; and the actor's slug.
        with django_assert_num_queries(4 if not query else 5) as captured:
            data(client, query)
        queries[query] = len(captured)
    for n in range(10):
        place = make_place(f"Village {n}", latitude=36 + n / 10, longitude=37 + n / 10)
        event = make_event(f"Clash {n}", date_earliest=date(2016, 5, n + 1), date_precision="day")
        event.places.set([place, world["al_bab"]])
        EventActor.objects.create(event=event, actor=world["turkey"])
        source = make_source([[f"Village {n} was taken."]])
        make_claim(source.sentences.get(), places=[place], actors=[world["turkey"]])
    for query, expected in queries.items():
        with django_assert_num_queries(expected):
            data(client, query)


def test_the_page_loads_its_places_as_data_with_its_filters(client, world):
    html = get(client, f"?actor={world['sdf'].slug}&status=unassessed&page=1")
    assert (
        f'data-places-url="/map/places.geojson?actor={world["sdf"].slug}&amp;status=unassessed"'
        in (html)
    )
    assert '<script src="/static/js/map.js" defer></script>' in html
    assert not re.search(r"<script>|\bon[a-z]+=\"", html)  # no inline code (CSP)
    # The drawing for readers without JavaScript is inside <noscript>.
    assert re.search(r"<noscript>\s*<figure class=\"map-figure\">", html)


def test_it_names_the_most_eventful_places_first_when_labels_run_out(client, world, monkeypatch):
    monkeypatch.setattr("claims.views.maps.LABELS_TRIED", 1)
    html = get(client)
    labels = re.findall(r'<text class="marker-label"[^>]*>([^<]+)<', html)
    assert labels == ["Al-Bab"]  # events first, then claims, then by name
    assert len(marker_names(html)) == 3


def test_its_batch_escape_matches_escaping_each_text():
    from html import escape

    from claims.views.maps import escape_all

    texts = ["Tom & Jerry", "<b>", 'say "hi"', "plain", ""]
    assert escape_all(texts) == [escape(t) for t in texts]
    assert escape_all(["a\x00<b>", "c"]) == [escape("a\x00<b>"), "c"]  # the separator itself


def test_it_says_when_the_list_has_no_such_page(client):
    make_place("Al-Bab", latitude=36.37, longitude=37.52)
    html = " ".join(text(client.get("/map/?page=7").content.decode()).split())
    assert "There is no page 7; showing page 1." in html


def test_its_menus_offer_the_most_claimed_past_a_limit_and_keep_the_chosen(
    client, world, monkeypatch
):
    monkeypatch.setattr("claims.views.maps.MENU_LIMIT", 1)
    source = make_source([["SDF and Turkey met."]])
    make_claim(source.sentences.get(), actors=[world["turkey"]])
    make_claim(source.sentences.get(), actors=[world["turkey"]], statement="Again.")
    html = get(client)
    menu = re.search(r'<select id="map-actor".*?</select>', html, re.S).group()
    assert re.findall(r"<option value=\"[^\"]+\">(\w+)</option>", menu) == ["Turkey"]
    assert "The menus offer the 1 events and actors with the most claims" in text(html)
    html = get(client, f"?actor={world['sdf'].slug}")
    menu = re.search(r'<select id="map-actor".*?</select>', html, re.S).group()
    assert re.findall(r"<option value=\"[^\"]+\"(?: selected)?>(\w+)</option>", menu) == [
        "SDF",
        "Turkey",
    ]


def test_actor_and_event_pages_link_to_their_map(client, world):
    page = client.get(world["sdf"].get_absolute_url()).content.decode()
    assert f'<a href="/map/?actor={world["sdf"].slug}">Its places on the map</a>' in page
    page = client.get(world["battle"].get_absolute_url()).content.decode()
    assert f'<a href="/map/?event={world["battle"].slug}">Its places on the map</a>' in page


def test_its_data_is_gzipped_for_clients_that_accept_it_and_cached_apart(client, world, settings):
    import gzip
    import json

    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    plain = client.get("/map/places.geojson")
    packed = client.get("/map/places.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    # The page cache keeps the two apart: a client without gzip never gets it.
    again = client.get("/map/places.geojson")
    assert "Content-Encoding" not in again
    assert again.json() == plain.json()
    assert client.get("/map/places.geojson", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == (
        "gzip"
    )
    caches["pages"].clear()


# Server-side clustering past settings.MAP_CLUSTER_THRESHOLD.


def grid(rows=6, cols=6):
    """rows x cols places 0.1 degree apart around Aleppo, each named by a claim."""
    places = []
    source = make_source(
        [[f"Place {r}-{c} was shelled."] for r in range(rows) for c in range(cols)]
    )
    sentences = list(source.sentences.order_by("index"))
    for r in range(rows):
        for c in range(cols):
            place = make_place(f"Grid {r}-{c}", latitude=36 + r / 10, longitude=37 + c / 10)
            make_claim(sentences[r * cols + c], places=[place])
            places.append(place)
    return places


def place_count(collection):
    return sum(
        f["properties"]["places"] if f["properties"].get("cluster") else 1
        for f in collection["features"]
    )


def test_small_corpora_get_every_place_whatever_the_view(client, world):
    collection = data(client, "?zoom=9&bbox=0,0,1,1")
    assert collection["clustered"] is False
    assert collection["total"] == 3
    assert sorted(features(collection)) == ["Al-Bab", "Manbij", "Raqqa"]


def test_large_corpora_are_clustered_on_a_grid_that_sums_to_the_total(client, world, settings):
    settings.MAP_CLUSTER_THRESHOLD = 10
    grid()
    collection = data(client, "?zoom=3&bbox=-180,-80,180,80")
    assert collection["clustered"] is True
    assert collection["total"] == 3 + 36
    assert collection["without_coordinates"] == 1
    assert place_count(collection) == 39
    clusters = [f for f in collection["features"] if f["properties"].get("cluster")]
    assert clusters
    # At zoom 3 the whole grid and Al-Bab, Manbij and Raqqa share a cell or two.
    assert max(f["properties"]["places"] for f in clusters) >= 30
    # Claims by status are summed; the box to zoom to holds the places.
    assert sum(f["properties"]["claims"] for f in collection["features"]) == 37
    assert sum(f["properties"]["counts"].get("unassessed", 0) for f in clusters) == 37 - sum(
        f["properties"]["claims"]
        for f in collection["features"]
        if "cluster" not in f["properties"]
    )
    biggest = max(clusters, key=lambda f: f["properties"]["places"])
    west, south, east, north = biggest["properties"]["bounds"]
    lon, lat = biggest["geometry"]["coordinates"]
    assert west <= lon <= east and south <= lat <= north
    assert west <= 37.0 and east >= 37.5 and south <= 36.0 and north >= 36.5

    # Closer in, the grid's cells hold fewer places; the sum is still the total.
    close = data(client, "?zoom=7&bbox=30,30,45,40")
    assert place_count(close) == 39
    assert max(f["properties"].get("places", 1) for f in close["features"]) < 36
    # From zoom 12 every place comes alone, with its popup's data.
    alone = data(client, "?zoom=12&bbox=37.45,36.3,37.6,36.45")
    assert not any(f["properties"].get("cluster") for f in alone["features"])
    assert {"Al-Bab", "Grid 3-5", "Grid 4-5"} <= set(features(alone))
    (battle,) = features(alone)["Al-Bab"]["events"]
    assert alone["events"][str(battle)]["title"] == "Battle of Al-Bab"


def test_clusters_keep_to_the_view_and_its_margin(client, world, settings):
    settings.MAP_CLUSTER_THRESHOLD = 10
    grid()
    far = make_place("Tunis", latitude=36.8, longitude=10.18)
    make_event("Tunis meeting").places.set([far])
    # A view of Syria: Tunis, 27 degrees west, is outside it and its margin.
    collection = data(client, "?zoom=7&bbox=35,34,41,38")
    assert place_count(collection) == 39
    assert "Tunis" not in {f["properties"].get("name") for f in collection["features"]}
    assert collection["total"] == 40
    # A view of Tunisia has Tunis alone.
    collection = data(client, "?zoom=7&bbox=8,34,12,38")
    assert [f["properties"]["name"] for f in collection["features"]] == ["Tunis"]
    # The box around every place matching, to frame the map on first load.
    west, south, east, north = collection["bounds"]
    assert (west, east) == (10.18, 39.01) and north == 36.8


def test_clusters_take_the_filters(client, world, settings):
    settings.MAP_CLUSTER_THRESHOLD = 0
    grid()
    world_view = "&zoom=3&bbox=-180,-80,180,80"
    # The SDF: Manbij (its offensive) and Raqqa (a claim), not the grid.
    collection = data(client, f"?actor={world['sdf'].slug}{world_view}")
    assert collection["clustered"] is True
    assert place_count(collection) == 2
    assert collection["without_coordinates"] == 1  # Tishrin front, held the offensive
    # A status: only places with such claims, counted by that status only.
    collection = data(client, f"?status=unassessed{world_view}")
    assert place_count(collection) == 37
    assert sum(f["properties"]["claims"] for f in collection["features"]) == 37
    assert data(client, f"?status=refuted{world_view}")["features"] == []
    collection = data(client, f"?since=2017-01-01&until=2017-12-31{world_view}")
    assert [f["properties"]["name"] for f in collection["features"]] == ["Al-Bab"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("zoom=far", "“zoom” must be a number from 0 to 20, not “far”."),
        ("zoom=-1", "“zoom” must be a number from 0 to 20"),
        ("zoom=nan", "“zoom” must be a number from 0 to 20"),
        ("zoom=1e999", "“zoom” must be a number from 0 to 20"),
        ("bbox=1,2,3", "“bbox” must be four numbers"),
        ("bbox=a,b,c,d", "“bbox” must be four numbers"),
        ("bbox=10,0,5,1", "“bbox” must be four numbers"),  # west after east
        ("bbox=0,-100,1,1", "“bbox” must be four numbers"),
        ("bbox=0,nan,1,1", "“bbox” must be four numbers"),
        ("bbox=", "“bbox” must be four numbers"),
    ],
)
def test_a_view_not_understood_is_a_400_that_says_why(client, world, settings, query, says):
    for threshold in (2000, 0):  # clustering or not
        settings.MAP_CLUSTER_THRESHOLD = threshold
        response = client.get(f"/map/places.geojson?{query}")
        assert response.status_code == 400
        assert response.json()["errors"][0].startswith(says)


def test_clustered_data_costs_the_same_queries_however_many_places(
    client, world, settings, django_assert_num_queries
):
    settings.MAP_CLUSTER_THRESHOLD = 0
    view = "zoom=6&bbox=30,30,45,40"
    filtered = f"?actor={world['sdf'].slug}&status=unassessed&{view}"
    # The totals, the cells, the single places' events; and the actor's slug.
    with django_assert_num_queries(3):
        data(client, f"?{view}")
    with django_assert_num_queries(4):
        assert data(client, filtered)["clustered"] is True
    grid(8, 8)
    with django_assert_num_queries(3):
        collection = data(client, f"?{view}")
    assert place_count(collection) == 3 + 64
    with django_assert_num_queries(4):
        data(client, filtered)
    # Below the threshold: the totals, then the whole data as before.
    settings.MAP_CLUSTER_THRESHOLD = 2000
    with django_assert_num_queries(4):
        data(client, f"?{view}")


def test_past_the_threshold_the_page_gives_the_box_to_frame_and_preloads_nothing(
    client, world, settings
):
    html = get(client)
    assert 'rel="preload" href="/map/places.geojson"' in html
    assert "data-clustered-box" not in html
    settings.MAP_CLUSTER_THRESHOLD = 2
    html = get(client)
    assert 'rel="preload" href="/map/places.geojson"' not in html
    assert 'data-clustered-box="37.52,35.95,39.01,36.53"' in html
