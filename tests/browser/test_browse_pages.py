"""Part B pages in Chromium: the claim browser's facets and search, the map,
the timeline and site search, with axe-core on each."""

import re

import pytest

from tests.browser.axe import assert_no_serious_violations
from tests.sample import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture
def sample(editor):
    return build_sample(editor)


def result_statements(page):
    return page.locator(".claim-result .claim-statement a").all_inner_texts()


def test_facets_and_search_narrow_the_claims_and_the_address_keeps_them(page, sample):
    page.goto("/claims/")
    assert page.locator("#results-heading").inner_text() == "7 claims"

    page.get_by_role("checkbox", name=re.compile(r"^Disputed \(1\)")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Not checkable \(1\)")).check()
    page.get_by_role("button", name="Apply").click()
    assert "status=disputed" in page.url and "status=not_checkable" in page.url
    assert page.locator("#results-heading").inner_text() == "2 claims"

    # An actor facet link keeps the statuses; its count follows them.
    page.get_by_role("navigation", name="Actor").get_by_role("link", name="Islamic State").click()
    assert result_statements(page) == [sample.claims.fighters.statement]

    page.get_by_label("Search claims", exact=True).fill("rebuffed")
    page.get_by_label("Search claims", exact=True).press("Enter")
    assert "q=rebuffed" in page.url and "actor=" in page.url
    assert page.locator(".claim-result mark").first.inner_text() == "rebuffed"
    # The default order follows the search: best match first.
    assert page.get_by_label("Sort").input_value() == ""

    # The address alone brings the same view back.
    shared = page.url
    page.goto("/claims/")
    page.goto(shared)
    assert result_statements(page) == [sample.claims.fighters.statement]
    assert_no_serious_violations(page)


def test_an_empty_result_offers_to_remove_each_filter(page, sample):
    page.goto(f"/claims/?q=tanks&actor={sample.actors.sdf.slug}")
    empty = page.locator(".empty-result")
    assert "No claim matches all of these filters together." in empty.inner_text()
    empty.get_by_role("link", name="Remove this filter").nth(1).click()  # drop the actor
    assert page.locator("#results-heading").inner_text() == "1 claim matching “tanks”"
    assert_no_serious_violations(page)


def test_on_a_phone_the_results_come_right_after_the_search(page, sample):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/claims/")
    assert not page.get_by_role("checkbox", name=re.compile(r"^Disputed")).is_visible()
    assert page.locator(".claim-result").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.get_by_text("Evidence status and kind").click()
    assert page.get_by_role("checkbox", name=re.compile(r"^Disputed")).is_visible()
    assert_no_serious_violations(page)


# The map: tests/browser/test_map_and_timeline.py.


def test_the_timeline_lists_events_at_their_precision(page, sample):
    page.goto("/timeline/")
    item = page.locator(".timeline-item").first
    assert "September 2016" in item.inner_text()
    assert "The source says: “began in September 2016”" in item.inner_text()
    assert page.locator(".timeline-bar rect").count() == 1
    assert_no_serious_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_violations(page)


def test_site_search_groups_results_and_links_sentences(page, sample):
    page.goto("/")
    header_search = page.locator("form.site-search")
    header_search.get_by_role("searchbox").fill("Al-Bab")
    header_search.get_by_role("button", name="Search").click()
    assert "/search/?q=Al-Bab" in page.url
    assert page.locator("#places-heading").inner_text() == "Places (1)"
    page.locator("#sentences").get_by_role("link").first.click()
    assert re.search(r"/sources/[^/]+/#s-\d+$", page.url)
    page.go_back()
    assert_no_serious_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_serious_violations(page)
