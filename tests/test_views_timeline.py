import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_event, make_place
from tests.pagetext import visible_text as text

pytestmark = pytest.mark.django_db


def get(client):
    response = client.get("/timeline/")
    assert response.status_code == 200
    return response.content.decode()


def items(html):
    """Each timeline entry's visible text, in page order."""
    return [text(m) for m in re.findall(r'<li class="timeline-item">(.*?)</li>', html, re.S)]


@pytest.fixture
def events():
    al_bab = make_place("Al-Bab")
    battle = make_event(
        "Battle of Al-Bab",
        kind="battle",
        date_earliest=date(2016, 11, 1),
        date_latest=date(2017, 1, 31),
        date_precision="month",
        date_text="from November to January",
    )
    battle.places.set([al_bab])
    return {
        "battle": battle,
        "ceasefire": make_event(
            "Ceasefire",
            date_earliest=date(2016, 12, 20),
            date_latest=date(2016, 12, 31),
            date_precision="season",
            date_text="late December 2016",
        ),
        "deployment": make_event(
            "Deployment",
            date_earliest=date(2016, 12, 1),
            date_latest=date(2016, 12, 31),
            date_precision="month",
        ),
        "talks": make_event(
            "Talks",
            date_earliest=date(2017, 1, 23),
            date_latest=date(2017, 1, 23),
            date_precision="day",
        ),
        "year": make_event(
            "Reinforcements",
            date_earliest=date(2015, 1, 1),
            date_latest=date(2015, 12, 31),
            date_precision="year",
        ),
        "unknown": make_event("Secret meeting", date_text="some time before the offensive"),
    }


def test_it_lists_events_by_date_at_their_precision(client, events):
    html = get(client)
    assert items(html) == [
        "2015 (known to the year) Reinforcements other Its claims",
        "November 2016 – January 2017 (known to the month) Battle of Al-Bab battle, at Al-Bab"
        " Its claims The source says: “from November to January”",
        "December 2016 (known to the month) Deployment other Its claims",
        "about December 2016 (known only roughly) Ceasefire other Its claims"
        " The source says: “late December 2016”",
        "23 January 2017 (known to the day) Talks other Its claims",
        "Secret meeting other Its claims The source says: “some time before the offensive”",
    ]


def test_it_groups_by_year_and_keeps_unknown_dates_apart(client, events):
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", get(client))
    # "Claims" heads the side panel of the chart, hidden until an event is chosen.
    assert headings == ["Claims", "2015", "2016", "2017", "Unknown date", "Download"]


def test_it_links_events_and_places(client, events):
    html = get(client)
    assert f'href="/events/{events["battle"].slug}/"' in html
    assert 'href="/places/' in html


def test_it_marks_up_only_exact_dates_as_machine_dates(client, events):
    html = get(client)
    assert '<time datetime="2016-12">December 2016</time>' in html
    assert '<time datetime="2017-01-23">23 January 2017</time>' in html
    assert '<time datetime="2015">2015</time>' in html
    assert "November 2016 – January 2017</span>" in html  # a range: no single datetime


def test_it_draws_each_span_on_one_scale(client, events):
    html = get(client)
    bars = re.findall(r'<rect x="([\d.]+)%" width="([\d.]+)%"', html)
    assert len(bars) == 5
    starts = [float(x) for x, _ in bars]
    assert starts == sorted(starts)
    assert starts[0] == 0
    assert all(0 < float(w) <= 100 and float(x) + float(w) <= 100.01 for x, w in bars)


def test_it_says_so_when_there_are_no_events(client, db):
    assert "No events yet." in text(get(client))


def test_its_query_count_does_not_grow_with_rows(client, events, django_assert_max_num_queries):
    def count():
        with django_assert_max_num_queries(10) as captured:
            get(client)
        return len(captured)

    before = count()
    for n in range(10):
        event = make_event(f"Clash {n}", date_earliest=date(2016, 6, n + 1), date_precision="day")
        event.places.set([make_place(f"Village {n}"), make_place(f"Hill {n}")])
    assert count() == before


# More events than fit on one page: a year at a time (claims.indexes.timeline).


@pytest.fixture
def per_page(monkeypatch):
    monkeypatch.setattr("claims.indexes.TIMELINE_PER_PAGE", 2)


def nav(html, label):
    """{link text: href} of the nav labelled `label`."""
    found = re.search(rf'<nav\b[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S)
    assert found, f"no {label} navigation"
    return {
        text(t): href.replace("&amp;", "&")
        for href, t in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', found.group(1))
    }


def page(client, query):
    response = client.get("/timeline/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_small_timeline_has_no_navigation(client, events):
    html = get(client)
    assert 'aria-label="Years"' not in html and 'aria-label="Earlier and later events"' not in html


def test_it_shows_the_first_year_and_links_every_year(client, events, per_page):
    html = get(client)
    assert nav(html, "Years") == {
        "2015 (1)": "?year=2015",
        "2016 (3)": "?year=2016",
        "2017 (1)": "?year=2017",
        "Unknown date (1)": "?year=unknown",
    }
    assert [item.split(" (")[0] for item in items(html)] == ["2015"]
    assert 'aria-current="page">2015 (1)' in html
    assert nav(html, "Earlier and later events") == {"Later: 2016, page 1 of 2 →": "?year=2016"}


def test_it_pages_within_a_year_and_on_to_the_next(client, events, per_page):
    html = page(client, "?year=2016")
    assert [item.split(" (")[0] for item in items(html)] == [
        "November 2016 – January 2017",
        "December 2016",
    ]
    assert "Events 1–2 of 3 that began in 2016" in text(html)
    assert nav(html, "Earlier and later events") == {
        "← Earlier: 2015": "?year=2015",
        "Later: 2016, page 2 of 2 →": "?year=2016&page=2",
    }
    html = page(client, "?year=2016&page=2")
    assert [item.split(" (")[0] for item in items(html)] == ["about December 2016"]
    assert nav(html, "Earlier and later events") == {
        "← Earlier: 2016, page 1 of 2": "?year=2016",
        "Later: 2017 →": "?year=2017",
    }
    # the bars are drawn on this page's own span
    bars = re.findall(r'<rect x="([\d.]+)%" width="([\d.]+)%"', html)
    assert bars == [("0.0", "100.0")]


def test_events_of_unknown_date_have_their_own_pages(client, events, per_page):
    html = page(client, "?year=unknown")
    assert items(html) == [
        "Secret meeting other Its claims The source says: “some time before the offensive”"
    ]
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", html)[1] == "Unknown date"  # after the panel's


def test_it_says_what_it_could_not_show(client, events, per_page):
    assert "No event began in 1990." in text(page(client, "?year=1990"))
    html = page(client, "?year=soon")
    assert "“soon” is not a year; showing the first year." in text(html)
    assert "There is no page 7; showing page 2." in text(page(client, "?year=2016&page=7"))


def test_a_year_page_costs_the_same_queries_however_many_events(client, events, per_page):
    def count(query):
        with CaptureQueriesContext(connection) as captured:
            page(client, query)
        return len(captured)

    before = [count(""), count("?year=2016"), count("?year=unknown")]
    for n in range(6):
        event = make_event(f"Clash {n}", date_earliest=date(2016, 6, n + 1), date_precision="day")
        event.places.set([make_place(f"Village {n}"), make_place(f"Hill {n}")])
        make_event(f"Rumour {n}").places.set([make_place(f"Town {n}")])
    assert [count(""), count("?year=2016"), count("?year=unknown")] == before


def test_its_data_has_every_dated_event_at_its_precision(client, events, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/timeline/events.json")
    rows = {e["title"]: e for e in response.json()["events"]}
    assert sorted(rows) == [
        "Battle of Al-Bab",
        "Ceasefire",
        "Deployment",
        "Reinforcements",
        "Talks",
    ]
    battle = rows["Battle of Al-Bab"]
    assert (battle["start"], battle["end"], battle["precision"]) == (
        "2016-11-01",
        "2017-01-31",
        "month",
    )
    assert battle["when"] == "November 2016 – January 2017"
    assert battle["claims_url"] == f"/claims/?event={events['battle'].slug}"
    assert battle["url"] == f"/events/{events['battle'].slug}/"
    assert rows["Talks"]["start"] == rows["Talks"]["end"] == "2017-01-23"


def test_its_data_costs_one_query_however_many_events(client, events, django_assert_num_queries):
    for n in range(20):
        make_event(f"Clash {n}", date_earliest=date(2016, 1, n + 1), date_precision="day")
    with django_assert_num_queries(1):
        assert len(client.get("/timeline/events.json").json()["events"]) == 25


def test_the_page_loads_its_chart_as_data_without_inline_code(client, events):
    html = get(client)
    assert 'data-events-url="/timeline/events.json"' in html
    assert '<script src="/static/js/timeline.js" defer></script>' in html
    assert not re.search(r"<script>|\bon[a-z]+=\"", html)
    assert (
        f'href="/claims/?event={events["battle"].slug}"' in html
    )  # each event links to its claims
