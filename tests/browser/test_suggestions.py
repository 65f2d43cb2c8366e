"""An editor works through suggested claims in Chromium with the keyboard and the mouse."""

import pytest

from claims.models import Claim, ClaimSuggestion
from tests.browser.test_editing import log_in
from tests.factories import make_claim_suggestion, make_source

pytestmark = pytest.mark.browser


def test_an_editor_accepts_a_suggested_claim_from_the_keyboard_and_edits_another(page, editor):
    source = make_source(
        [["Over 5,000 fighters defended Al-Bab, and Turkey said the town would fall soon."]],
        title="The siege",
    )
    sentence = source.sentences.get()
    first = make_claim_suggestion(
        sentence, "Over 5,000 fighters defended Al-Bab", kind="quantitative"
    )
    make_claim_suggestion(sentence, "Turkey said the town would fall soon")

    log_in(page, "editor")
    page.goto("/review/?tab=suggestions")
    # Accept the first from the keyboard: its Accept button is the first control after the tabs.
    page.get_by_role("button", name="Accept").first.focus()
    page.keyboard.press("Enter")
    page.get_by_text("created from the suggestion").wait_for()
    claim = Claim.objects.get()
    assert claim.anchors.get().exact == first.exact

    # Edit the second, then accept it.
    page.get_by_text("Edit, then accept").click()
    page.get_by_label("Statement").fill("Turkey expected Al-Bab to fall soon.")
    page.get_by_label("Kind").select_option("attribution")
    page.get_by_role("button", name="Accept as edited").click()
    page.get_by_text("created from the suggestion").wait_for()
    edited = Claim.objects.exclude(pk=claim.pk).get()
    assert (edited.statement, edited.kind) == (
        "Turkey expected Al-Bab to fall soon.",
        "attribution",
    )
    assert set(ClaimSuggestion.objects.values_list("status", flat=True)) == {"accepted"}
    assert page.locator('[data-count="suggestions"]').inner_text() == "0"
