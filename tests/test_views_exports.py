"""Each page links the downloads that concern it, and the links work."""

import csv
import html
import io
import json
import re

import pytest

from tests.factories import make_corpus


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def download_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    section = re.search(r'<section class="downloads".*?</section>', page, re.S)
    assert section, f"no downloads on {url}"
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', section.group())]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def test_the_claim_browser_links_a_csv_of_its_current_filter(client, corpus):
    fighters = corpus["claims"][2]
    links = download_links(client, "/claims/?status=disputed&page=1")
    [csv_link] = [link for link in links if link.startswith("/exports/claims.csv")]
    assert csv_link == "/exports/claims.csv?status=disputed"
    rows = list(csv.DictReader(io.StringIO(fetch(client, csv_link))))
    assert [row["claim_id"] for row in rows] == [str(fighters.pk)]
    [api_link] = [link for link in links if link.startswith("/api/v1/claims/")]
    assert [c["id"] for c in json.loads(fetch(client, api_link))["results"]] == [fighters.pk]


def test_the_claim_browser_without_filters_links_the_whole_csv(client, corpus):
    [csv_link] = [link for link in download_links(client, "/claims/") if "claims.csv" in link]
    assert csv_link.rstrip("?") == "/exports/claims.csv"
    assert len(list(csv.DictReader(io.StringIO(fetch(client, csv_link))))) == 4


def test_the_reader_links_its_annotations_and_text(client, corpus):
    source = corpus["sources"][0]
    links = download_links(client, source.get_absolute_url())
    assert f"/sources/{source.slug}/annotations.jsonld" in links
    assert f"/sources/{source.slug}/text.txt" in links
    assert f"/exports/claims.csv?source={source.slug}" in links
    for link in links:
        fetch(client, link)


def test_the_claim_page_links_its_claim_review_once_assessed(client, corpus):
    located, besieged = corpus["claims"][:2]
    links = download_links(client, besieged.get_absolute_url())
    assert f"/claims/{besieged.pk}/claimreview.jsonld" in links
    review = json.loads(fetch(client, f"/claims/{besieged.pk}/claimreview.jsonld"))
    assert review["@type"] == "ClaimReview"
    unassessed = download_links(client, located.get_absolute_url())
    assert not any("claimreview" in link for link in unassessed)


@pytest.mark.parametrize("page", ["/events/", "/timeline/", "event"])
def test_event_pages_link_the_events_csv_and_geojson(client, corpus, page):
    url = corpus["events"][0].get_absolute_url() if page == "event" else page
    links = download_links(client, url)
    assert {"/exports/events.csv", "/exports/events.geojson"} <= set(links)
    for link in links:
        fetch(client, link)


@pytest.mark.parametrize("page", ["/places/", "/map/"])
def test_place_pages_link_the_geojson(client, corpus, page):
    links = download_links(client, page)
    assert "/exports/places.geojson" in links
    assert json.loads(fetch(client, "/exports/places.geojson"))["type"] == "FeatureCollection"


def test_the_actor_index_has_no_downloads_section(client, corpus):
    assert '<section class="downloads"' not in client.get("/actors/").content.decode()


def test_every_page_footer_links_the_api_and_its_docs(client, corpus):
    page = client.get("/").content.decode()
    assert 'href="/api/v1/"' in page
    assert 'href="/api/v1/docs/"' in page
