"""Assessing with the quote in view, in Chromium: ticking claims in the claim
browser by clicking their rows, bulk-assessing them, the stance following the
status, and no serious accessibility violation on the pages shown again."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Assessment, Claim
from tests.browser.axe import assert_no_serious_violations
from tests.browser.test_editing import log_in
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.browser


@pytest.fixture
def claims(db):
    source = make_source(
        [
            ["The town of Al-Bab lies 40 km northeast of Aleppo.", "It was besieged in 2016."],
            ["Over 5,000 fighters defended it.", "Turkey said so on 3 February."],
        ],
        title="The siege of Al-Bab",
    )
    first, second, third, fourth = source.sentences.order_by("index")
    return [
        make_claim(first, "40 km northeast of Aleppo"),
        make_claim(second, "besieged in 2016"),
        make_claim(third, "Over 5,000 fighters"),
        make_claim(fourth),
    ]


def row_of(page, claim):
    return page.locator(f"#claim-{claim.pk}")


def click_on_quote(page, claim):
    """A mouse click on the row's quoted sentence: text, not a link, not the checkbox."""
    quote = row_of(page, claim).locator(".claim-quotes blockquote")
    quote.scroll_into_view_if_needed()
    box = quote.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2)


def test_an_editor_ticks_rows_by_clicking_them_and_assesses_them_together(page, claims, editor):
    log_in(page, "editor")
    page.goto("/claims/")
    first, second = claims[0], claims[2]
    box = row_of(page, first).locator("input.bulk-select")
    assert not box.is_checked()

    click_on_quote(page, first)
    assert box.is_checked()
    click_on_quote(page, first)  # a second click unticks it
    assert not box.is_checked()

    # The row's statement text outside its link ticks it too; the link still opens the claim.
    meta = row_of(page, second).locator("p.meta")
    meta_box = meta.bounding_box()
    page.mouse.click(meta_box["x"] + 5, meta_box["y"] + meta_box["height"] / 2)
    assert row_of(page, second).locator("input.bulk-select").is_checked()
    click_on_quote(page, first)
    assert box.is_checked()
    assert page.get_by_role("button", name="Assess 2 ticked claims").is_visible()

    form = page.locator("#bulk-assess")
    form.get_by_label("Evidence status").select_option("unverified")
    form.get_by_label("Rationale").fill("Nothing found either way.")
    form.get_by_role("button", name="Assess 2 ticked claims").click()
    page.wait_for_url("**/claims/")
    assert "2 claim(s) marked unverified." in page.locator(".messages").inner_text()
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses == {
        claims[0].pk: "unverified",
        claims[1].pk: "unassessed",
        claims[2].pk: "unverified",
        claims[3].pk: "unassessed",
    }


def test_a_link_in_a_row_still_opens_its_page(page, claims, editor):
    log_in(page, "editor")
    page.goto("/claims/")
    row_of(page, claims[1]).get_by_role("link", name=claims[1].statement).click()
    page.wait_for_url(f"**/claims/{claims[1].pk}/")


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)])
def test_the_checkbox_stays_clear_of_the_list_number(page, claims, editor, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, "editor")
    page.goto("/claims/")
    for claim in claims:
        row = row_of(page, claim)
        # An ordered list draws its numbers outside each row's box...
        assert row.evaluate("li => getComputedStyle(li).listStylePosition") == "outside"
        assert row.evaluate("li => getComputedStyle(li.parentElement).listStyleType") == "decimal"
        row_box = row.bounding_box()
        box = row.locator("input.bulk-select").bounding_box()
        # ...and the checkbox lies inside it, left of the statement, not over the number.
        assert box["x"] >= row_box["x"]
        assert row_box["y"] <= box["y"] < row_box["y"] + row_box["height"]
        statement = row.locator(".claim-statement").bounding_box()
        assert box["x"] + box["width"] <= statement["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]


def test_the_stance_follows_the_status_until_the_editor_picks_one(page, claims, editor):
    log_in(page, "editor")
    page.goto(claims[0].get_absolute_url())
    form = page.locator(".editor-controls form")
    status, stance = form.get_by_label("Evidence status"), form.get_by_label("Stance")
    quote = page.locator(".editor-controls .claim-quotes mark")
    assert quote.inner_text() == "40 km northeast of Aleppo"
    assert stance.input_value() == ""  # unassessed suggests nothing
    status.select_option("refuted")
    assert stance.input_value() == "contradicts"
    status.select_option("partly_supported")
    assert stance.input_value() == "supports"
    status.select_option("not_checkable")
    assert stance.input_value() == ""
    stance.select_option("context")  # the editor's own choice is kept
    status.select_option("disputed")
    assert stance.input_value() == "context"

    form.get_by_label("Rationale").fill("Sources differ on the distance.")
    form.get_by_label("Link").fill("https://example.org/map")
    form.get_by_role("button", name="Save assessment").click()
    page.wait_for_url(f"**/claims/{claims[0].pk}/")
    evidence = claims[0].evidence.get()
    assert (evidence.stance, evidence.url) == ("context", "https://example.org/map")


def test_evidence_without_a_stance_is_refused_with_the_quote_still_in_view(page, claims, editor):
    log_in(page, "editor")
    page.goto(reverse("claim-assess", args=[claims[2].pk]))
    page.get_by_label("Evidence status").select_option("unverified")
    page.get_by_label("Rationale").fill("Nothing either way.")
    page.get_by_label("Link").fill("https://example.org/count")
    page.get_by_role("button", name="Save assessment").click()
    assert "Choose the stance of this evidence" in page.locator("form.stacked-form").inner_text()
    assert page.locator(".claim-quotes mark").inner_text() == "Over 5,000 fighters"
    assert not Assessment.objects.exists()
    assert_no_serious_violations(page)


def test_the_pages_shown_again_have_no_serious_accessibility_violations(page, claims, editor):
    log_in(page, "editor")
    # The bulk page after a refusal (no rationale), each claim with its marked quote.
    page.goto("/claims/")
    click_on_quote(page, claims[0])
    click_on_quote(page, claims[1])
    page.locator("#bulk-assess").get_by_label("Evidence status").select_option("refuted")
    page.get_by_role("button", name="Assess 2 ticked claims").click()
    page.wait_for_url("**/claims/assess/")
    assert "a rationale is required" in page.content()
    marks = page.locator(".bulk-claims .claim-quotes mark").all_inner_texts()
    assert marks == ["40 km northeast of Aleppo", "besieged in 2016"]
    assert_no_serious_violations(page)

    # The assess page after a conflict.
    page.goto(reverse("claim-assess", args=[claims[3].pk]))
    services.claim_assess(claim=claims[3], status="supported", rationale="Someone else.")
    page.get_by_label("Evidence status").select_option("refuted")
    page.get_by_label("Rationale").fill("Wrong date.")
    page.get_by_role("button", name="Save assessment").click()
    assert "Another editor changed this claim" in page.content()
    assert page.locator(".claim-quotes mark").inner_text() == claims[3].statement
    assert_no_serious_violations(page)

    # The review queue and the claim browser as an editor.
    for url in (reverse("review"), "/claims/"):
        page.goto(url)
        assert page.locator(".claim-quotes mark").count() >= 3
        assert_no_serious_violations(page)
