"""A corrected article in Chromium: a reader follows the reader's link to the
changes, an editor settles the quotes the correction moved from the queue."""

import pytest
from django.urls import reverse

from claims.ingest.pipeline import prepare_article
from claims.models import Anchor
from claims.services_revisions import source_revise
from tests.browser.axe import assert_no_serious_violations
from tests.browser.test_editing import log_in
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.browser

FIRST = [
    ["The town of Al-Bab lies 40 km northeast of Aleppo.", "It was besieged in 2016."],
    ["Russian and Syrian aviation provided air support to the Turkish military."],
    ["Over 5,000 fighters defended it until February, when the Turkish army broke through."],
]
SECOND = [
    ["The town of Al-Bab lies 45 km northeast of Aleppo.", "It was besieged in 2016."],
    ["Warplanes flew from distant bases over the front for weeks."],
    ["Over 5,000 fighters defended it until February, when the Turkish army broke through."],
]


@pytest.fixture
def revised(db):
    source = make_source(FIRST, title="The siege of Al-Bab")
    first, _, third, _ = source.sentences.order_by("index")
    town = make_claim(first, "40 km northeast of Aleppo")
    aviation = make_claim(third)
    text = "\n\n".join(" ".join(p) for p in SECOND)
    source_revise(source=source, prepared=prepare_article(text.encode(), filename="v2.txt"))
    source.refresh_from_db()
    return source, town, aviation


def test_a_reader_follows_the_revision_link_to_the_changes(page, revised):
    source, _, _ = revised
    page.goto(source.get_absolute_url())
    page.get_by_role("link", name="Revision 2: earlier versions and changes").click()
    page.get_by_role("link", name="Changes from revision 1").click()
    assert page.url.endswith(reverse("source-revision-diff", args=[source.slug, 1, 2]))
    assert page.locator(".word-diff del").first.inner_text() == "40 "
    assert page.locator(".word-diff ins").first.inner_text() == "45 "
    assert_no_serious_violations(page)


def test_an_editor_confirms_one_quote_and_detaches_another_by_clicking(page, revised, editor):
    _, town, aviation = revised
    log_in(page, "editor")
    page.goto("/review/?tab=anchors")
    town_item = page.locator(".review-item", has_text=f"#{town.pk}")
    assert town_item.locator("q.quote-changes del").inner_text() == "40 "
    town_item.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/review/?tab=anchors")
    assert "are confirmed" in page.locator("body").inner_text()
    aviation_item = page.locator(".review-item", has_text=f"#{aviation.pk}")
    aviation_item.get_by_role("button", name="Detach").click()
    page.wait_for_url("**/review/?tab=anchors")
    assert "Nothing to review here." in page.locator("body").inner_text()
    assert Anchor.objects.get(claim=town).state == "exact"
    assert Anchor.objects.get(claim=aviation).state == "detached"
    assert_no_serious_violations(page)
