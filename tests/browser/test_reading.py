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

    # A click on the highlighted words lists the claim beside the text.
    claim = sample.claims.location
    page.locator("#s-2 mark.hl").first.click()
    note = page.locator(".panel-claims .claim-note.is-here")
    assert note.inner_text() == f"Supported #{claim.pk} {claim.statement}"
    note.get_by_role("link").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert page.locator("h1").inner_text() == claim.statement
    assert "Supported" in page.locator(".claim-status").inner_text()

    page.get_by_role("link", name=re.compile("^Read in context")).click()
    page.wait_for_url(f"**{sample.source.get_absolute_url()}?claim={claim.pk}#s-2")
    target = page.locator(":target")
    assert target.get_attribute("id") == "s-2"
    assert page.evaluate("document.activeElement.id") == "s-2"  # and has keyboard focus
    # The claim's own words are marked, and it is the one listed first.
    marked = page.locator("mark.hl-target")
    assert marked.all_inner_texts() == ["The town of Al-Bab is located 40 km northeast of Aleppo."]
    assert marked.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 241, 168)"
    assert page.locator(".panel-claims .claim-note").first.get_attribute("data-claim") == str(
        claim.pk
    )


def test_it_lists_every_claim_of_an_overlap_and_tells_them_apart(page, sample):
    page.goto(sample.source.get_absolute_url())
    shared = page.locator("#s-3 mark.hl-multi")
    assert shared.inner_text() == "over 5,000 Islamic State fighters"
    assert shared.evaluate("el => getComputedStyle(el).textDecorationStyle") == "double"
    shared.click()
    here = page.locator(".panel-claims .claim-note.is-here")
    assert set(here.evaluate_all("items => items.map(i => i.dataset.claim)")) == {
        str(sample.claims.fighters.pk),
        str(sample.claims.inner.pk),
    }
    # Both claims' words are lit; text under the outer claim alone is lit too.
    lit = page.locator("#s-3 mark.hl.is-active").all_inner_texts()
    assert "over 5,000 Islamic State fighters" in lit and len(lit) >= 2


def test_it_adds_no_character_to_the_article(page, sample):
    page.goto(sample.source.get_absolute_url())
    for sentence in sample.source.sentences.all():
        assert page.locator(f"#s-{sentence.index}").text_content() == sentence.text


def test_it_moves_between_sentences_and_claims_from_the_keyboard(page, sample):
    page.goto(sample.source.get_absolute_url())
    page.locator(".reader-switches a").last.focus()
    page.keyboard.press("Tab")  # into the text: the first sentence
    assert page.evaluate("document.activeElement.id") == "s-1"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "s-2"
    assert page.locator("#panel-claims-heading").inner_text() == "Sentence 2: 1 claim"
    page.keyboard.press("ArrowRight")  # the sentence's own claim
    assert page.evaluate("document.activeElement.id") == "s-2"
    active = page.locator("#s-2 mark.hl.is-active").get_attribute("data-claims")
    assert active == str(sample.claims.location.pk)
    page.keyboard.press("ArrowRight")  # the next claim: the first of sentence 3
    assert page.evaluate("document.activeElement.id") == "s-3"
    first = page.locator("#s-3 mark.hl.is-active").first.get_attribute("data-claims").split()
    page.keyboard.press("ArrowRight")
    second = page.locator("#s-3 mark.hl.is-active").first.get_attribute("data-claims").split()
    assert {first[0], second[-1]} == {str(sample.claims.fighters.pk), str(sample.claims.inner.pk)}
    page.keyboard.press("Enter")  # into the list of its claims
    assert page.evaluate("document.activeElement.closest('.claim-note') !== null")
    page.keyboard.press("Escape")  # and back to the sentence
    assert page.evaluate("document.activeElement.id") == "s-3"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # follows the claim's link
    page.wait_for_url("**/claims/*/")


def test_it_lists_claims_below_the_paragraph_on_a_phone(page, sample):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(sample.source.get_absolute_url())
    assert page.locator(".claim-panel .panel-claims").is_hidden()
    details = page.locator(".para").first.locator(".para-claims")
    assert details.get_attribute("open") is None
    page.locator("#s-2 mark.hl").first.click()
    assert details.get_attribute("open") == ""
    here = details.locator(".claim-note.is-here")
    assert here.get_attribute("data-claim") == str(sample.claims.location.pk)
    assert here.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_it_switches_highlights_off_and_on_through_the_address(page, sample):
    page.goto(sample.source.get_absolute_url())
    assert page.locator(".reader-body mark.hl").count() > 0
    page.get_by_role("switch", name="Highlights").click()
    page.wait_for_url("**?highlights=0")
    assert page.locator(".reader-body mark.hl").count() == 0
    assert page.get_by_role("switch", name="Highlights").get_attribute("aria-checked") == "false"
    page.locator("#s-2").click()  # the sentence's claims are still at hand
    assert page.locator("#panel-claims-heading").inner_text() == "Sentence 2: 1 claim"
    page.get_by_role("switch", name="Highlights").click()
    assert page.locator(".reader-body mark.hl").count() > 0


def test_it_shows_the_first_paragraph_without_scrolling(page, sample):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(sample.source.get_absolute_url())
    first = page.locator(".reader-body p").first.bounding_box()
    assert first["y"] + first["height"] <= 768


def test_it_shows_actors_and_places_as_links_on_request(page, sample):
    page.goto(sample.source.get_absolute_url())
    assert page.locator("a.mention").count() == 0
    page.get_by_role("switch", name="Actors and places").click()
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
    """At no phone width may the reader widen the page."""
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
    assert not page.locator(".claim-panel").is_visible()
    assert not page.locator(".reader-switches").is_visible()
    assert page.locator(".reader-body").is_visible()
    mark = page.locator("mark.hl").first
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert mark.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline"


def test_it_takes_a_malformed_address_without_a_script_error(page, sample):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample.source.get_absolute_url() + "#%E0%A4%A")
    page.locator("#s-2 mark.hl").first.click()  # the page still works
    assert page.locator("#panel-claims-heading").inner_text() == "Sentence 2: 1 claim"
    assert errors == []
