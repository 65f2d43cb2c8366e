"""A researcher's path through the pages, in Chromium."""

import re

import pytest

from tests.sample import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture
def sample(editor):
    return build_sample(editor)


def test_it_goes_from_home_to_article_to_claim_and_back_to_the_sentence(page, sample):
    page.goto("/")
    page.get_by_role("link", name="Evidence of cooperation around Al-Bab").click()
    assert page.locator("h1").inner_text() == "Evidence of cooperation around Al-Bab"

    claim = sample.claims.location
    page.locator(f'a.hl-link[href="/claims/{claim.pk}/"]').click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert page.locator("h1").inner_text() == claim.statement
    assert "Supported" in page.locator(".claim-status").inner_text()

    page.get_by_role("link", name=re.compile("^Read in context")).click()
    page.wait_for_url(f"**{sample.source.get_absolute_url()}#s-2")
    target = page.locator(":target")
    assert target.get_attribute("id") == "s-2"
    assert "40 km northeast of Aleppo" in target.inner_text()
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 241, 168)"  # --target: the sentence is highlighted
    assert page.evaluate("document.activeElement.id") == "s-2"  # and has keyboard focus


def test_it_opens_a_claim_from_the_keyboard(page, sample):
    page.goto(sample.source.get_absolute_url())
    link = page.locator(f'a.hl-link[href="/claims/{sample.claims.troops.pk}/"]')
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/claims/{sample.claims.troops.pk}/")
    assert page.locator("h1").inner_text() == sample.claims.troops.statement


def test_it_links_each_claim_covering_an_overlap(page, sample):
    page.goto(sample.source.get_absolute_url())
    shared = page.locator("#s-3 mark.hl-multi")
    assert shared.inner_text() == "over 5,000 Islamic State fighters"
    # right after the shared text: the outer claim's number, the inner claim's label
    following = page.locator("#s-3 mark.hl-multi ~ .hl-refs a, #s-3 mark.hl-multi ~ a.claim-label")
    hrefs = set(following.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert hrefs == {
        sample.claims.fighters.get_absolute_url(),
        sample.claims.inner.get_absolute_url(),
    }
    page.locator(f'#s-3 a.claim-label[href="{sample.claims.inner.get_absolute_url()}"]').click()
    page.wait_for_url(f"**/claims/{sample.claims.inner.pk}/")


def test_it_shows_actors_and_places_as_links_on_request(page, sample):
    page.goto(sample.source.get_absolute_url())
    assert page.locator("a.mention").count() == 0
    page.get_by_role("link", name="Show actors and places as links").click()
    page.wait_for_url("**?mentions=1")
    page.locator("#s-5 a.mention", has_text="YPG").click()
    page.wait_for_url(f"**{sample.actors.ypg.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "YPG"


@pytest.mark.parametrize(
    "path",
    ["home", "reader", "claim", "actor", "place", "event", "actors", "places", "events"],
)
def test_it_fits_a_375_pixel_screen(page, sample, path):
    url = {
        "home": "/",
        "reader": sample.source.get_absolute_url() + "?mentions=1",
        "claim": sample.claims.fighters.get_absolute_url(),
        "actor": sample.actors.sdf.get_absolute_url(),
        "place": sample.places.al_bab.get_absolute_url(),
        "event": sample.events.offensive.get_absolute_url(),
        "actors": "/actors/",
        "places": "/places/",
        "events": "/events/",
    }[path]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_role("searchbox").first.is_visible()


def test_it_keeps_the_reader_within_narrow_screens_of_any_width(page, sample):
    """Sentence permalinks sit at line ends; at no phone width may they widen the page."""
    page.goto(sample.source.get_absolute_url() + "?mentions=1")
    too_wide = []
    for width in range(320, 430, 3):
        page.set_viewport_size({"width": width, "height": 800})
        if page.evaluate("document.documentElement.scrollWidth") > width:
            too_wide.append(width)
    assert too_wide == []


def test_it_prints_the_article_without_the_site_chrome(page, sample):
    page.goto(sample.source.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".reader-tools").is_visible()
    assert page.locator(".reader-body").is_visible()
    mark = page.locator("mark.hl").first
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator(".claim-label").first.is_visible()  # status stays readable on paper
