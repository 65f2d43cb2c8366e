"""axe-core finds no serious or critical violation on any page type of the
researcher pages (part A). Other pages add their own checks with the same helper."""

import pytest

from tests.browser.axe import assert_no_serious_violations, axe_violations
from tests.sample import build_sample

pytestmark = pytest.mark.browser

PAGES = {
    "home": lambda s: "/",
    "reader": lambda s: s.source.get_absolute_url(),
    "reader with mention links": lambda s: s.source.get_absolute_url() + "?mentions=1",
    "reader at a sentence": lambda s: s.source.get_absolute_url() + "#s-3",
    "assessed claim": lambda s: s.claims.fighters.get_absolute_url(),
    "unassessed claim": lambda s: s.claims.inner.get_absolute_url(),
    "actors": lambda s: "/actors/",
    "actor": lambda s: s.actors.sdf.get_absolute_url(),
    "places": lambda s: "/places/",
    "place": lambda s: s.places.al_bab.get_absolute_url(),
    "events": lambda s: "/events/",
    "event": lambda s: s.events.offensive.get_absolute_url(),
}


@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_serious_accessibility_violations(page, editor, name):
    sample = build_sample(editor)
    page.goto(PAGES[name](sample))
    assert_no_serious_violations(page)


@pytest.mark.parametrize("name", ["reader", "assessed claim"])
def test_it_has_no_serious_accessibility_violations_on_a_phone(page, editor, name):
    sample = build_sample(editor)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(PAGES[name](sample))
    assert_no_serious_violations(page)


def test_it_reports_violations_when_there_are_some(page, live_server):
    """The check itself can fail: a nameless button and an image without text are found."""
    page.goto("/")
    page.set_content(
        '<!doctype html><html lang="en"><head><title>bad</title></head><body><main>'
        '<button></button><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"button-name", "image-alt"} <= found


@pytest.mark.parametrize("width", [1366, 390])
def test_it_has_none_with_a_passage_s_claims_listed(page, editor, width):
    sample = build_sample(editor)
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(sample.source.get_absolute_url())
    page.locator("#s-3 mark.hl-multi").click()
    assert_no_serious_violations(page)
