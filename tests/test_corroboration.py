"""How many sources make a claim: browser facet and sort, API fields, home page list."""

import pytest

from claims.services_matching import claim_relate
from tests.factories import make_claim, make_source
from tests.html import inner_html, text

pytestmark = pytest.mark.django_db


def _claim(sentence, **source_fields):
    source_fields.setdefault("title", f"Report on {sentence[:24]}")
    return make_claim(make_source([[sentence]], **source_fields).sentences.get())


@pytest.fixture
def reported():
    """A claim made by three sources (the earliest dated 2017-01-05), one by two, one by one."""
    three = [
        _claim("The dam was taken in March.", title="Early report", published_on="2017-01-05"),
        _claim("The dam fell in March.", published_on="2017-02-01"),
        _claim("In March the dam was taken.", published_on="2017-04-01"),
    ]
    claim_relate(claim=three[0], other=three[1], kind="same", editor=None)
    claim_relate(claim=three[2], other=three[1], kind="same", editor=None)
    two = [_claim("The bridge was rebuilt."), _claim("The bridge was built again.")]
    claim_relate(claim=two[0], other=two[1], kind="same", editor=None)
    alone = _claim("The harvest was poor.")
    return three, two, alone


def _facet(html):
    return text(html.split('aria-label="Reported by"', 1)[1].split("</nav>", 1)[0])


def test_the_browser_counts_claims_by_how_many_sources_make_them(client, reported):
    facet = _facet(client.get("/claims/").content.decode())
    assert "1 source (1)" in facet
    assert "2 sources (2)" in facet
    assert "3 sources or more (3)" in facet


def test_the_browser_filters_by_how_many_sources_and_names_the_filter(client, reported):
    three, _, alone = reported
    html = client.get("/claims/?reported_by=3").content.decode()
    results = text(inner_html(html, "results"))
    assert "3 claims" in results
    assert "Reported by 3 sources; first in Early report, 5 January 2017" in results
    assert alone.statement not in results
    assert "Reported by: 3 sources or more" in text(html)
    html = client.get("/claims/?reported_by=7").content.decode()
    assert "“7” is not 1, 2 or 3 (sources or more)." in html


def test_the_browser_sorts_the_most_widely_reported_first(client, reported):
    three, two, alone = reported
    html = text(inner_html(client.get("/claims/?sort=reported").content.decode(), "results"))
    positions = [html.index(claim.statement) for claim in (*three, *two, alone)]
    assert max(positions[:3]) < min(positions[3:5]) < max(positions[3:5]) < positions[5]


def test_the_api_gives_the_count_and_the_first_source(client, reported):
    three, _, alone = reported
    body = client.get(f"/api/v1/claims/{three[2].pk}/").json()
    assert body["source_count"] == 3
    assert body["first_source"] == three[0].anchors.get().source.slug
    assert body["first_reported_on"] == "2017-01-05"
    assert client.get(f"/api/v1/claims/{alone.pk}/").json()["source_count"] == 1
    listed = client.get("/api/v1/claims/?reported_by=2").json()
    assert listed["count"] == 2


def test_the_home_page_lists_the_most_widely_reported_claims(client, reported):
    three, two, alone = reported
    section = text(
        inner_html(client.get("/").content.decode(), "most-reported-heading").join(["", ""])
    )
    html = client.get("/").content.decode()
    listed = text(html.split('class="most-reported"', 1)[1].split("</ol>", 1)[0])
    assert listed.index(three[2].statement) < listed.index(two[1].statement)
    assert "Reported by 3 sources" in listed
    assert alone.statement not in listed
    assert "Most widely reported" in section


def test_the_home_page_has_no_such_list_when_every_claim_has_one_source(client):
    _claim("The harvest was poor.")
    assert "Most widely reported" not in client.get("/").content.decode()


def test_a_browser_row_shows_a_new_corroboration_at_once(client, reported):
    """Rows are rendered once (claims.fragments): the row of a claim another
    source is newly linked to must say so on the next page, not the old count."""
    _, _, alone = reported
    before = text(inner_html(client.get("/claims/").content.decode(), f"claim-{alone.pk}"))
    assert "Reported by" not in before
    other = _claim("The harvest was bad.", title="Later report", published_on="2018-03-01")
    claim_relate(claim=alone, other=other, kind="same", editor=None)
    row = text(inner_html(client.get("/claims/").content.decode(), f"claim-{alone.pk}"))
    assert "Reported by 2 sources" in row
