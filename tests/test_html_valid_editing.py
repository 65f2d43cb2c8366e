"""The editors' pages and controls are valid HTML (Nu Html Checker, as in
tests/test_html_valid.py), including forms re-shown with errors and conflicts."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims import services
from tests.factories import (
    make_claim,
    make_claim_suggestion,
    make_mention,
    make_place,
    make_source,
)
from tests.sample import build_sample
from tests.test_html_valid import validate

pytestmark = pytest.mark.django_db


def test_it_renders_valid_html_on_every_editor_page(client, editor, tmp_path):
    sample = build_sample(editor)
    source, claim = sample.source, sample.claims.inner
    sentence = source.sentences.get(index=3)
    drifted = make_claim(sentence).anchors.get()
    type(drifted).objects.filter(pk=drifted.pk).update(start=drifted.start + 1)
    candidate = make_mention(sentence, sentence.text.split()[0], candidate={"name": "X"})
    make_mention(sentence, sentence.text.split()[1], place=make_place("Somewhere"))
    make_claim_suggestion(sentence, kind="quantitative", reason="quantity “5,000 fighters”")
    make_claim_suggestion(source.sentences.get(index=4))
    client.force_login(editor)
    gets = {
        "reader as editor": source.get_absolute_url(),
        "claim as editor": claim.get_absolute_url(),
        "claim browser as editor": "/claims/",
        "new claim": f"{reverse('claim-new')}?source={source.slug}&sentence=3",
        "edit claim": reverse("claim-edit", args=[claim.pk]),
        "assess claim": reverse("claim-assess", args=[claim.pk]),
        "review claims": reverse("review"),
        "review mentions": reverse("review") + "?tab=mentions",
        "review anchors": reverse("review") + "?tab=anchors",
        "review suggestions": reverse("review") + "?tab=suggestions",
        "new place": reverse("mention-new-place", args=[candidate.pk]),
        "new actor": reverse("mention-new-actor", args=[candidate.pk]),
    }
    pages = {}
    for name, url in gets.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()

    # The assess form with the sentences its search found, one of them chosen.
    elsewhere = make_source([["Fighters held the town.", "Fighters left in February."]])
    found = client.post(
        reverse("claim-assess", args=[claim.pk]),
        {
            "version": claim.version,
            "status": "supported",
            "evidence-sentence_q": "fighters",
            "evidence-sentence": elsewhere.sentences.get(index=2).pk,
            "evidence-search": "1",
        },
    )
    assert found.status_code == 200 and 'class="sentence-choices"' in found.content.decode()
    pages["assess with sentences found"] = found.content.decode()

    # Forms shown again with errors, and a conflict.
    posts = {
        "new claim with errors": (
            reverse("claim-new"),
            {"sentence": sentence.pk, "quote": "not in it", "actors": ["Nobody"]},
        ),
        "assess with errors": (
            reverse("claim-assess", args=[claim.pk]),
            {"version": claim.version, "status": "refuted", "evidence-url": "nope"},
        ),
        "bulk with errors": (reverse("claims-bulk-assess"), {"claims": [claim.pk]}),
        "new place with errors": (
            reverse("mention-new-place", args=[candidate.pk]),
            {"name": "", "latitude": "100"},
        ),
    }
    services.claim_assess(claim=claim, status="disputed", rationale="Meanwhile.")
    posts["assess conflict"] = (
        reverse("claim-assess", args=[claim.pk]),
        {"version": 1, "status": "refuted", "rationale": "Mine."},
    )
    for name, (url, data) in posts.items():
        response = client.post(url, data)
        assert response.status_code in (400, 409), name
        pages[name] = response.content.decode()

    client.logout()
    login = client.get(reverse("login"))
    pages["login"] = login.content.decode()
    pages["forbidden"] = _forbidden_page(client, claim)

    errors = validate(pages, tmp_path)
    assert errors == {}, "\n".join(f"{k}: {v}" for k, v in errors.items())


def _forbidden_page(client, claim):
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user("plain", password="x" * 20)
    assert not reader.groups.filter(pk__in=Group.objects.all()).exists()
    client.force_login(reader)
    response = client.get(reverse("claim-edit", args=[claim.pk]))
    assert response.status_code == 403
    return response.content.decode()
