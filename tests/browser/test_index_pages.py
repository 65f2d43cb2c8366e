"""Index pages and the timeline past one page, in Chromium: the page sizes are
lowered so the browser-test sample needs pages, initials, kinds and years."""

import datetime

import pytest

from tests.browser.axe import assert_no_serious_violations
from tests.factories import make_event
from tests.sample import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture
def sample(editor, monkeypatch):
    monkeypatch.setattr("claims.indexes.PER_PAGE", 2)
    monkeypatch.setattr("claims.indexes.TIMELINE_PER_PAGE", 1)
    built = build_sample(editor)
    make_event(
        "Ceasefire in Aleppo",
        kind="ceasefire",
        date_earliest=datetime.date(2016, 12, 30),
        date_latest=datetime.date(2016, 12, 30),
        date_precision="day",
    )
    make_event(
        "Astana talks",
        kind="political",
        date_earliest=datetime.date(2017, 1, 23),
        date_latest=datetime.date(2017, 1, 24),
        date_precision="day",
    )
    return built


def fits_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_violations(page)


def test_actors_by_initial_kind_and_name(page, sample):
    page.goto("/actors/")
    assert page.locator(".entity-list a").all_inner_texts() == [
        "Islamic State",
        "Syrian Democratic Forces",
    ]
    assert_no_serious_violations(page)

    page.get_by_role("navigation", name="Initial letter").get_by_role(
        "link", name="T", exact=True
    ).click()
    assert "letter=T" in page.url
    assert page.locator(".entity-list a").all_inner_texts() == ["Turkey"]

    page.get_by_role("navigation", name="Kinds").get_by_role("link", name="Every kind").click()
    page.get_by_role("navigation", name="Initial letter").get_by_role("link", name="All").click()
    page.get_by_label("Name contains").fill("SDF")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".entity-list a").all_inner_texts() == ["Syrian Democratic Forces"]

    page.goto("/actors/")
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    assert page.locator(".entity-list a").all_inner_texts() == ["Turkey", "YPG"]
    fits_a_phone(page)


def test_the_timeline_a_year_at_a_time(page, sample):
    page.goto("/timeline/")
    assert "September 2016" in page.locator(".timeline-item").first.inner_text()
    assert_no_serious_violations(page)
    page.get_by_role("link", name="Later: 2016, page 2 of 2").click()
    assert "30 December 2016" in page.locator(".timeline-item").first.inner_text()
    page.get_by_role("navigation", name="Years").get_by_role("link", name="2017 (1)").click()
    item = page.locator(".timeline-item").first
    assert "23–24 January 2017" in item.inner_text()
    item.get_by_role("link", name="Astana talks", exact=True).click()
    assert page.locator("h1").inner_text() == "Astana talks"
    page.go_back()
    fits_a_phone(page)
