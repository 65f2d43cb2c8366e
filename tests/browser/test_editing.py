"""An editor's path in Chromium: log in, make a claim from a selection in the
reader, refute it with a rationale and a link; a researcher then sees it."""

import pytest
from django.contrib.auth import get_user_model

from claims.models import Assessment, Claim, Evidence
from tests.browser.reading import log_in
from tests.conftest import PASSWORD
from tests.factories import make_actor, make_source

pytestmark = pytest.mark.browser


@pytest.fixture
def article(db):
    return make_source(
        [
            ["The town of Al-Bab lies 40 km northeast of Aleppo.", "It was besieged in 2016."],
            ["Over 5,000 fighters defended it."],
        ],
        title="The siege of Al-Bab",
    )


def select_text(page, sentence_id, words):
    """Select `words` inside a sentence through the DOM API. Kept as an extra
    check of the selection code; tests/browser/test_reader_selection.py drags
    with the mouse as a person does."""
    page.evaluate(
        """([id, words]) => {
            const sentence = document.getElementById(id);
            const walker = document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(words);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + words.length);
                const selection = document.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
            throw new Error("words not found in " + id);
        }""",
        [sentence_id, words],
    )


def test_an_editor_refutes_a_new_claim_and_a_researcher_sees_it(page, article, editor):
    get_user_model().objects.create_user("researcher", password=PASSWORD)
    make_actor("Islamic State", aliases=["IS"])

    log_in(page, "editor")

    # In the reader, select part of the first sentence and start a claim from it.
    page.goto(article.get_absolute_url())
    select_text(page, "s-1", "40 km northeast of Aleppo")
    page.locator("#new-claim-form").wait_for(state="visible")
    page.get_by_role("link", name="Add actors, places, quantities…").click()
    page.wait_for_url("**/claims/new/**")
    assert page.get_by_label("Quote").input_value() == "40 km northeast of Aleppo"
    assert page.get_by_label("Statement").input_value() == "40 km northeast of Aleppo"
    assert page.locator(".quoted-sentence mark").inner_text() == "40 km northeast of Aleppo"

    page.get_by_label("Statement").fill("Al-Bab lies 40 km northeast of Aleppo.")
    page.get_by_label("Kind").select_option("quantitative")
    # The actor picker asks the server as the editor types; Enter picks the name.
    actors = page.locator("#id_actors")
    actors.press_sequentially("Islamic")
    page.locator('#id_actors-options option[label="Islamic State (other)"]').wait_for(
        state="attached"
    )
    actors.fill("Islamic State")  # as when the name is picked from the list
    assert page.locator(".picker-chosen").filter(has_text="Islamic State").count() == 1
    assert actors.input_value() == ""
    actors.press("Enter")  # Enter in a picker never sends the form
    assert "/claims/new/" in page.url
    # The suggested quantity is accepted with one click.
    suggestion = page.locator("tr.quantity-suggested").filter(
        has=page.locator('input[value="40 km"]')
    )
    suggestion.get_by_text("Add suggestion").click()
    page.get_by_role("button", name="Create claim").click()

    claim = Claim.objects.get()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert f"Claim #{claim.pk} created." in page.locator(".messages").inner_text()
    anchor = claim.anchors.get()
    assert article.text[anchor.start : anchor.end] == "40 km northeast of Aleppo"
    assert list(claim.actors.values_list("name", flat=True)) == ["Islamic State"]
    assert list(claim.quantities.values_list("text", flat=True)) == ["40 km"]

    # On the claim page: refuted, with a rationale and a link as evidence.
    page.get_by_label("Evidence status").select_option("refuted")
    page.get_by_label("Rationale").fill("Maps put Al-Bab about 30 km from Aleppo.")
    page.get_by_label("Stance").select_option("contradicts")
    page.get_by_label("Link").fill("https://example.org/al-bab-map")
    page.get_by_label("Title").fill("Map of northern Aleppo")
    page.get_by_role("button", name="Save assessment").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert "Status set to refuted." in page.locator(".messages").inner_text()
    assert Assessment.objects.get().status == "refuted"
    assert Evidence.objects.get().url == "https://example.org/al-bab-map"

    page.locator(".user-area").get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")

    # A researcher sees the new status, the evidence and the history.
    log_in(page, "researcher")
    page.goto(article.get_absolute_url())
    highlight = page.locator(f'mark.hl[data-claims="{claim.pk}"]')
    assert "st-refuted" in highlight.get_attribute("class")
    highlight.click()
    page.locator(".panel-claims .claim-note.is-here").get_by_role("link").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert page.locator(".claim-status .status").inner_text() == "Refuted"
    assert "Assess this claim" not in page.content()
    history = page.locator("#history-heading").locator("xpath=..").inner_text()
    assert "Refuted" in history
    assert "Maps put Al-Bab about 30 km from Aleppo." in history
    assert f"by Editor {editor.pk}" in history
    assert "by editor" not in history  # never the login name
    evidence = page.get_by_role("link", name="Map of northern Aleppo")
    assert evidence.get_attribute("href") == "https://example.org/al-bab-map"


def test_an_editor_clears_suggested_mentions_from_the_keyboard(page, article, editor):
    from claims.models import Mention
    from tests.factories import make_mention, make_place

    first, second, third = article.sentences.order_by("index")
    albab = make_mention(first, "Al-Bab", place=make_place("Al-Bab"))
    aleppo = make_mention(first, "Aleppo", place=make_place("Aleppo"))
    candidate = make_mention(third, "fighters", candidate={"name": "Fighters"})

    log_in(page, "editor")
    page.goto("/review/?tab=mentions")
    page.locator(".mention-item.is-current").wait_for()  # the keyboard pass is ready
    page.keyboard.press("c")  # confirm the first
    page.locator(".mention-item.is-done").first.wait_for()
    page.keyboard.press("r")  # reject the next, which now has the focus
    page.locator(".mention-item.is-done").nth(1).wait_for()
    assert page.locator('[data-count="mentions"]').inner_text() == "1"
    statuses = dict(Mention.objects.values_list("pk", "status"))
    assert statuses == {albab.pk: "confirmed", aleppo.pk: "rejected", candidate.pk: "suggested"}

    # A candidate cannot be confirmed; n opens the new-place form, prefilled.
    page.keyboard.press("n")
    page.wait_for_url(f"**/mentions/{candidate.pk}/new-place/**")
    assert page.locator("#id_name").input_value() == "Fighters"
