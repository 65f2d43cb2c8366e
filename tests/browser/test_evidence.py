"""Citing a sentence of another stored source while assessing, in Chromium, as
a person does it: click into the search box, type, pick a sentence found with
the mouse or the keyboard, save; then follow the evidence to its sentence.
With JavaScript the sentences come as the editor types; without it the
"Find sentences" button brings them, keeping what was typed."""

import os
from pathlib import Path

import pytest

from claims.models import Assessment, Evidence
from tests.browser.axe import assert_no_serious_violations
from tests.browser.reading import log_in
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.browser

# Screenshots for a person to look at (not compared): set SCREENSHOTS=<dir>.
SCREENSHOTS = os.environ.get("SCREENSHOTS")
SIZES = {"wide": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def claim(db):
    source = make_source(
        [["Turkish-backed forces entered Al-Bab in February 2017.", "The town was quiet."]],
        title="The siege of Al-Bab",
    )
    return make_claim(source.sentences.get(index=1))


@pytest.fixture
def report(db):
    return make_source(
        [
            ["Aid workers reached Al-Bab in March.", "The town was taken in February 2017."],
            ["Nothing else happened."],
        ],
        title="Monitor report",
        published_on="2017-03-02",
    )


def type_into(page, locator, words):
    """Click into a box with the mouse and type, key by key."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + box["height"] / 2)
    page.keyboard.type(words, delay=20)


def click(page, locator):
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.click(box["x"] + min(20, box["width"] / 2), box["y"] + box["height"] / 2)


def shoot(page, name):
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{size}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_editor_finds_a_sentence_as_they_type_picks_it_and_saves(page, claim, report, editor):
    log_in(page, "editor")
    page.goto(claim.get_absolute_url())
    form = page.locator(".editor-controls form")
    type_into(page, form.get_by_label("Find a sentence in another source"), "taken February")
    found = form.locator(".sentence-choices li", has_text="The town was taken in February 2017.")
    found.wait_for()
    # Only the other article's sentence is offered, with its source and date.
    assert "Monitor report, 2 March 2017, sentence 2" in found.inner_text()
    assert form.locator(".sentence-choices li").count() == 2  # and "None of these"
    assert form.locator("[role=status]").text_content() == "1 sentence found."
    assert_no_serious_violations(page)
    shoot(page, "evidence-found-claim-page")

    click(page, found.locator(".sentence-choice-text"))
    assert found.locator("input[type=radio]").is_checked()
    form.get_by_label("Evidence status").select_option("supported")
    assert form.get_by_label("Stance").input_value() == "supports"  # follows the status
    type_into(page, form.get_by_label("Rationale"), "A monitor saw the town taken.")
    with page.expect_navigation():  # from the claim page back to it
        click(page, form.get_by_role("button", name="Save assessment"))

    evidence = Evidence.objects.get()
    assert (evidence.sentence, evidence.quote) == (
        report.sentences.get(index=2),
        "The town was taken in February 2017.",
    )
    shown = page.locator(".evidence-list li").first
    assert " ".join(shown.inner_text().split()) == (
        "Supports: “The town was taken in February 2017.”, "
        "Monitor report, sentence 2 (2 March 2017)"
    )
    shoot(page, "evidence-on-claim-page")
    # The link opens the reader at that sentence, marked as the target.
    click(page, shown.get_by_role("link", name="Monitor report, sentence 2"))
    page.wait_for_url(f"**/sources/{report.slug}/#s-2")
    target = page.locator("#s-2")
    assert target.inner_text().strip() == "The town was taken in February 2017."
    assert page.evaluate("document.querySelector(':target').id") == "s-2"
    assert target.is_visible()
    shoot(page, "evidence-link-in-reader")


def test_the_keyboard_searches_without_saving_and_chooses_among_the_sentences(
    page, claim, report, editor
):
    make_source([["Aid convoys were taken in February."]], title="Aid log")
    log_in(page, "editor")
    page.goto(f"/claims/{claim.pk}/assess/")
    search = page.get_by_label("Find a sentence in another source")
    type_into(page, search, "taken")
    page.keyboard.press("Enter")  # searches now; never sends the form
    page.locator(".sentence-choices li", has_text="Aid log").wait_for()
    assert page.url.endswith(f"/claims/{claim.pk}/assess/")
    assert not Assessment.objects.exists()
    # ↓ into the sentences found, ↓ again to the next one: radio buttons as ever.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == ""  # "None of these"
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert chosen and page.locator(f"input[value='{chosen}']").is_checked()
    page.get_by_label("Evidence status").select_option("refuted")
    type_into(page, page.get_by_label("Rationale"), "Contradicted.")
    shoot(page, "evidence-keyboard-assess-page")
    click(page, page.get_by_role("button", name="Save assessment"))
    page.wait_for_url(f"**{claim.get_absolute_url()}")
    evidence = Evidence.objects.get()
    assert (str(evidence.sentence_id), evidence.stance) == (chosen, "contradicts")


def test_without_javascript_the_button_finds_sentences_and_nothing_typed_is_lost(
    browser, live_server, claim, report, editor
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        log_in(page, "editor")
        page.goto(claim.get_absolute_url())
        form = page.locator(".editor-controls form")
        form.get_by_label("Evidence status").select_option("supported")
        type_into(page, form.get_by_label("Rationale"), "Typed before searching.")
        type_into(page, form.get_by_label("Find a sentence in another source"), "taken February")
        click(page, form.get_by_role("button", name="Find sentences"))
        page.wait_for_url(f"**/claims/{claim.pk}/assess/")
        assert not Assessment.objects.exists()
        assert page.get_by_label("Rationale").input_value() == "Typed before searching."
        assert page.get_by_label("Evidence status").input_value() == "supported"
        shoot(page, "evidence-found-without-js")
        # Enter in a one-line box searches too: it never saves a half-filled form.
        with page.expect_navigation():
            page.get_by_label("Find a sentence in another source").press("Enter")
        assert not Assessment.objects.exists()
        assert page.get_by_label("Rationale").input_value() == "Typed before searching."
        click(page, page.locator(".sentence-choices li", has_text="taken in February 2017"))
        page.get_by_label("Stance").select_option("supports")
        click(page, page.get_by_role("button", name="Save assessment"))
        page.wait_for_url(f"**{claim.get_absolute_url()}")
        assert Evidence.objects.get().sentence == report.sentences.get(index=2)
        assert page.get_by_role("link", name="Monitor report, sentence 2").is_visible()
    finally:
        context.close()
