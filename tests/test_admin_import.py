"""Sources > Load article in the admin: upload or paste, preview, correct, confirm."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.admin_import import SESSION_KEY
from claims.models import Mention, Sentence, Source
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
LOAD = reverse("admin:claims_source_load")


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def preview(client, **data):
    return client.post(LOAD, data)


def seed_upload():
    return upload("000_4e6af31fa5e880f0.txt", (DATA / "seed_article.txt").read_bytes())


def confirm(client, response, **corrections):
    form = response.context["form"]
    data = {
        "token": response.context["token"],
        "confirm": "Save article",
        **{name: form[name].value() or "" for name in form.fields},
        **corrections,
    }
    return client.post(LOAD, data, follow=True)


def test_it_offers_load_article_on_the_sources_list(admin_client):
    response = admin_client.get(reverse("admin:claims_source_changelist"))

    assert response.status_code == 200
    assert f'href="{LOAD}"' in response.content.decode()
    assert ">Load article<" in response.content.decode()


def test_the_add_button_leads_to_load_article(admin_client):
    response = admin_client.get(reverse("admin:claims_source_add"))
    assert response.status_code == 302 and response.url == LOAD


def test_it_shows_the_load_form(admin_client):
    response = admin_client.get(LOAD)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page
    for field in ("file", "text", "url", "title", "published_on", "publisher"):
        assert f'name="{field}"' in page


def test_it_previews_the_seed_article_without_saving(admin_client):
    response = preview(admin_client, file=seed_upload())

    page = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "admin/claims/source/load_preview.html"
    assert "Evidence of Secret Cooperation between Putin and Trump?" in page
    assert "Valentin Vasilescu" in page and "Alice Decker" in page
    assert "2017-02-15" in page
    prepared = response.context["prepared"]
    assert f"<td>{prepared.paragraph_count}</td>" in page
    assert f"<td>{len(prepared.sentences)} (of which 1 heading)</td>" in page
    assert "So far no deal has not been officially acknowledged" in page
    assert "for the fight against Islamic State." in page
    assert "Tadmur" in page and "163808" in page  # Palmyra, from the gazetteer
    assert "1,300 troops" in page and "188 km" in page
    assert Source.objects.count() == 0


def test_it_saves_on_confirm_and_links_to_the_reader_and_change_pages(admin_client, superuser):
    make_actor("Islamic State", aliases=["IS"])
    response = confirm(admin_client, preview(admin_client, file=seed_upload()))

    source = Source.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("admin:claims_source_change", args=[source.pk])
    assert f'href="{source.get_absolute_url()}"' in page
    assert f'href="{reverse("admin:claims_source_change", args=[source.pk])}"' in page
    assert "Imported “Evidence of Secret Cooperation between Putin and Trump?”" in page
    assert source.title == "Evidence of Secret Cooperation between Putin and Trump?"
    assert source.published_on == date(2017, 2, 15)
    assert source.imported_by == superuser
    assert source.raw_filename == "000_4e6af31fa5e880f0.txt"
    assert Sentence.objects.filter(source=source).count() > 60
    assert Mention.objects.filter(sentence__source=source, actor__name="Islamic State").exists()
    assert SESSION_KEY not in admin_client.session or not admin_client.session[SESSION_KEY]
    assert admin_client.get(source.get_absolute_url()).status_code == 200


def test_it_applies_corrections_from_the_preview(admin_client):
    first = preview(admin_client, file=seed_upload(), publisher="")
    corrected = admin_client.post(
        LOAD,
        {
            "token": first.context["token"],
            "preview": "Update preview",
            "title": "Putin and Trump: secret cooperation?",
            "published_on": "2017-02-16",
            "publisher": "A Publisher",
            "url": "https://example.org/article",
        },
    )
    assert corrected.context["prepared"].title == "Putin and Trump: secret cooperation?"
    assert Source.objects.count() == 0

    confirm(admin_client, corrected)

    source = Source.objects.get()
    assert source.title == "Putin and Trump: secret cooperation?"
    assert source.slug == "putin-and-trump-secret-cooperation"
    assert source.published_on == date(2017, 2, 16)
    assert source.publisher == "A Publisher"
    assert source.url == "https://example.org/article"


def test_it_shows_correction_errors_and_keeps_the_preview(admin_client):
    first = preview(admin_client, file=seed_upload())
    response = admin_client.post(
        LOAD,
        {"token": first.context["token"], "confirm": "Save", "published_on": "15 Feb", "url": "x"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"published_on", "url"}
    assert "So far no deal" in response.content.decode()
    assert Source.objects.count() == 0


def test_it_imports_pasted_text_with_overrides(admin_client):
    text = "Talks resumed in Astana on Tuesday. About 300 observers are needed."
    response = preview(
        admin_client,
        text=text,
        title="Astana talks",
        published_on="2017-03-14",
        publisher="Ledger",
        url="https://ledger.example.org/a",
    )
    assert response.context["prepared"].title == "Astana talks"

    confirm(admin_client, response)

    source = Source.objects.get()
    assert (source.title, source.publisher, source.url) == (
        "Astana talks",
        "Ledger",
        "https://ledger.example.org/a",
    )
    assert source.text == text
    assert source.published_on == date(2017, 3, 14)


def test_it_previews_an_uploaded_html_page(admin_client):
    response = preview(
        admin_client, file=upload("story.html", (DATA / "news_article.html").read_bytes())
    )
    prepared = response.context["prepared"]

    assert prepared.title == "Ceasefire talks resume in Astana"
    assert prepared.publisher == "The Northern Ledger"
    assert "cookies" not in prepared.text


def test_it_tells_the_admin_when_the_text_is_already_there(admin_client):
    confirm(admin_client, preview(admin_client, file=seed_upload()))
    existing = Source.objects.get()

    response = preview(admin_client, file=seed_upload())

    page = response.content.decode()
    assert "already in claimsdb" in page
    assert reverse("admin:claims_source_change", args=[existing.pk]) in page
    assert 'name="confirm"' not in page
    # The text was not segmented again: no sentence counts or suggestions to show.
    assert "First sentence" not in page
    assert "Suggestions" not in page
    # Confirming anyway (say, from an older tab) saves nothing and says so.
    again = confirm(admin_client, response)
    assert "Nothing was saved: this text is already in claimsdb" in again.content.decode()
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, None, "Upload a file or paste"),
        ({"text": "   \n\t  "}, "text", "The input is empty."),
        ({"text": "x", "file": ("a.txt", b"y")}, None, "not both"),
        ({"file": ("a.txt", b"")}, "file", "The submitted file is empty."),
        ({"file": ("a.txt", b"  \n  ")}, "file", "The input is empty."),
        ({"file": ("a.pdf", b"%PDF-1.4 ...")}, "file", "Unsupported file type (.pdf)"),
        ({"file": ("a.txt", b"%PDF-1.4\n\x00\x01")}, "file", "This file is a PDF document"),
        ({"file": ("a.txt", b"\x00\x01\x02binary")}, "file", "This file is binary"),
        ({"file": ("a.txt", b"\x81\x8d\x8f\x90 text")}, "file", "neither UTF-8 nor Windows-1252"),
        ({"file": ("login.html", (DATA / "no_article.html").read_bytes())}, "file", "No article"),
        ({"text": "Some text.", "url": "not a url"}, "url", "Enter a valid URL."),
        ({"text": "Some text.", "published_on": "yesterday"}, "published_on", "valid date"),
    ],
)
def test_it_refuses_bad_input_with_a_form_error_and_saves_nothing(
    admin_client, data, field, message
):
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": upload(name, content)}
    response = preview(admin_client, **data)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/claims/source/load_article.html"
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert message.split("(")[0].replace("“", "") in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert Source.objects.count() == 0
    assert not admin_client.session.get(SESSION_KEY)


def test_it_refuses_a_file_over_the_size_limit(admin_client, settings):
    settings.CLAIMSDB_IMPORT_MAX_BYTES = 1024
    response = preview(admin_client, file=upload("big.txt", b"Word. " * 1000))

    assert (
        "The file is 6 KB (6,000 bytes); the largest accepted is 1 KB (1,024 bytes)."
        in response.context["form"].errors["file"]
    )
    assert Source.objects.count() == 0


def test_it_tells_a_file_one_byte_over_the_limit_from_one_at_the_limit(admin_client, settings):
    settings.CLAIMSDB_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    data = (b"Word. " * 900_000)[: settings.CLAIMSDB_IMPORT_MAX_BYTES + 1]
    response = preview(admin_client, file=upload("big.txt", data))
    assert len(data) == settings.CLAIMSDB_IMPORT_MAX_BYTES + 1
    assert (
        "The file is 5.0 MB (5,242,881 bytes); the largest accepted is 5.0 MB (5,242,880 bytes)."
        in response.context["form"].errors["file"]
    )


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")]
)
def test_it_imports_utf8_bom_and_windows_1252_uploads(admin_client, encoding, prefix):
    text = "Café talks – the “Tamadur” detachment\r\n\r\nIt cost €5 and 10°C, they said.\r\n"
    response = preview(admin_client, file=upload("a.txt", prefix + text.encode(encoding)))
    confirm(admin_client, response)

    source = Source.objects.get()
    assert source.title == "Café talks – the “Tamadur” detachment"
    assert source.text == "It cost €5 and 10°C, they said."


def test_it_says_when_a_preview_has_expired(admin_client):
    response = admin_client.post(LOAD, {"token": "gone", "confirm": "Save"}, follow=True)

    assert "That preview has expired" in response.content.decode()
    assert Source.objects.count() == 0


def test_it_is_for_staff_who_may_add_sources(client, editor, researcher):
    assert client.get(LOAD).status_code == 302  # to the admin login
    client.force_login(researcher)
    assert client.get(LOAD).status_code == 302
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    response = client.post(LOAD, {"text": "Some text. More text."})
    assert response.status_code == 403
    assert Source.objects.count() == 0


def test_it_escapes_article_text_in_the_preview(admin_client):
    text = "<script>alert(1)</script> Talks resumed. Nobody came &amp; left."
    response = preview(admin_client, text=text, title="<b>Title</b>")

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<b>Title</b>" not in page
    assert "&lt;b&gt;Title&lt;/b&gt;" in page


# --- a new version of a stored article -----------------------------------------------


def _seed_stored(admin_client, url="https://example.org/putin-trump"):
    confirm(admin_client, preview(admin_client, file=seed_upload(), url=url))
    return Source.objects.get()


def corrected_upload(old="1,300 troops", new="1,500 troops"):
    text = (DATA / "seed_article.txt").read_text().replace(old, new)
    return upload("corrected.txt", text.encode())


def test_it_offers_a_new_version_of_the_article_at_the_same_address(admin_client):
    source = _seed_stored(admin_client)
    response = preview(admin_client, file=corrected_upload(), url=source.url)
    page = response.content.decode()
    assert response.context["revision_of"] == source
    assert "A new version of" in page and "saving stores it as revision 2" in page
    assert 'value="Save as a new version"' in page
    assert response.context["form"]["revision_of"].value() == source.slug

    done = confirm(admin_client, response, revision_note="Troop figure corrected")
    source.refresh_from_db()
    assert Source.objects.count() == 1
    assert source.revision == 2 and "1,500 troops" in source.text
    assert source.revisions.get(number=2).note == "Troop figure corrected"
    assert "Stored as revision 2" in done.content.decode()
    assert "anchors wait in the review queue" not in done.content.decode()  # no claims yet


def test_it_stores_a_new_version_of_an_article_chosen_by_slug(admin_client):
    source = _seed_stored(admin_client, url="")
    response = preview(admin_client, file=corrected_upload())
    assert response.context["revision_of"] is None
    confirm(admin_client, response, revision_of=source.slug)
    source.refresh_from_db()
    assert source.revision == 2 and Source.objects.count() == 1


def test_it_refuses_a_new_version_that_is_the_same_text_and_saves_nothing(admin_client):
    source = _seed_stored(admin_client)
    response = preview(admin_client, file=seed_upload(), url=source.url)
    page = response.content.decode()
    assert "this version is the same as revision 1" in page
    assert 'value="Save as a new version"' not in page
    refused = confirm(admin_client, response)
    assert "the same as revision 1" in refused.content.decode()
    assert source.revisions.count() == 1


def test_it_refuses_another_article_as_a_new_version_and_saves_nothing(admin_client):
    source = _seed_stored(admin_client)
    other = upload("news.html", (DATA / "news_article.html").read_bytes())
    response = preview(admin_client, file=other)
    refused = confirm(admin_client, response, revision_of=source.slug)
    assert "word trigrams" in refused.content.decode()
    assert Source.objects.count() == 1 and source.revisions.count() == 1


def test_it_names_an_unknown_slug_for_a_new_version(admin_client):
    _seed_stored(admin_client)
    response = preview(admin_client, file=corrected_upload())
    refused = confirm(admin_client, response, revision_of="no-such-article")
    assert "No stored article has the slug “no-such-article”" in refused.content.decode()
    assert Source.objects.get().revision == 1


def test_updating_the_preview_keeps_the_article_chosen_for_a_new_version(admin_client):
    source = _seed_stored(admin_client, url="")
    first = preview(admin_client, file=corrected_upload())
    form = first.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    updated = admin_client.post(
        LOAD,
        {
            **data,
            "token": first.context["token"],
            "preview": "Update preview",
            "revision_of": source.slug,
            "revision_note": "figure",
        },
    )
    assert updated.context["revision_of"] == source
    assert updated.context["form"]["revision_of"].value() == source.slug
    assert updated.context["form"]["revision_note"].value() == "figure"
    assert 'value="Save as a new version"' in updated.content.decode()


def test_the_source_page_lists_its_revisions_read_only(admin_client):
    source = _seed_stored(admin_client)
    confirm(
        admin_client,
        preview(admin_client, file=corrected_upload(), url=source.url),
        revision_note="Troop figure <corrected>",
    )
    page = admin_client.get(reverse("admin:claims_source_change", args=[source.pk]))
    html = page.content.decode()
    assert "Source revisions" in html
    assert "Troop figure &lt;corrected&gt;" in html
    assert 'name="revisions-0-note"' not in html  # shown, not editable


FURNITURE = (
    "Photo: a convoy near Al-Bab, February 2017.\n\n"
    "Talks resumed in Astana on Tuesday. About 300 observers are needed. "
    "Turkey said it would send troops.\n\n"
    "Thanks for reading, see you next week.\n\n"
    "Like this:\n"
    "Like Loading...\n"
)


def test_it_drops_wordpress_like_lines_without_being_asked(admin_client):
    response = preview(admin_client, text=FURNITURE)

    prepared = response.context["prepared"]
    assert prepared.last_sentence.text == "Thanks for reading, see you next week."
    assert "Like" not in prepared.text


def test_the_admin_drops_whole_sentences_at_either_end_and_the_text_stays_verbatim(admin_client):
    first = preview(admin_client, text=FURNITURE)
    found = [s.text for s in first.context["prepared"].sentences]
    assert found[0] == "Photo: a convoy near Al-Bab, February 2017."
    page = first.content.decode()
    assert 'name="first_sentence" value="1"' in page  # a choice for each sentence at the ends

    chosen = admin_client.post(
        LOAD,
        {
            "token": first.context["token"],
            "preview": "Update preview",
            "first_sentence": "2",
            "last_sentence": str(len(found) - 1),
        },
    )
    prepared = chosen.context["prepared"]
    assert prepared.first_sentence.text == "Talks resumed in Astana on Tuesday."
    assert prepared.last_sentence.text == "Turkey said it would send troops."
    assert f"of the {len(found)} found" in " ".join(chosen.content.decode().split())

    confirm(admin_client, chosen)

    source = Source.objects.get()
    assert source.text == (
        "Talks resumed in Astana on Tuesday. About 300 observers are needed. "
        "Turkey said it would send troops."
    )
    assert source.text in FURNITURE  # a slice of what was published, nothing rewritten
    assert [s.index for s in source.sentences.all()] == [1, 2, 3]
    assert all(source.text[s.start : s.end] == s.text for s in source.sentences.all())


@pytest.mark.parametrize(("first", "last"), [("3", "2"), ("0", "2"), ("2", "99")])
def test_a_body_range_that_is_not_one_is_refused_and_nothing_is_saved(admin_client, first, last):
    response = preview(admin_client, text=FURNITURE)
    data = {"token": response.context["token"], "first_sentence": first, "last_sentence": last}

    refused = admin_client.post(LOAD, {**data, "confirm": "Save article"})

    assert refused.status_code == 200
    errors = " ".join(str(e) for e in refused.context["form"].errors.values())
    assert "sentence" in errors or "greater than or equal to 1" in errors
    assert Source.objects.count() == 0


def test_saving_stores_the_suggested_claims_with_the_article(admin_client):
    response = preview(admin_client, text=FURNITURE)
    assert "Claims (" in response.content.decode()

    confirm(admin_client, response)

    source = Source.objects.get()
    kinds = dict(source.claim_suggestions.values_list("exact", "kind"))
    assert kinds["About 300 observers are needed"] == "quantitative"
    assert kinds["Turkey said it would send troops"] in {"attribution", "prediction"}
