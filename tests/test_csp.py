"""The Content-Security-Policy (settings.SECURE_CSP): scripts only from our own
files, so templates carry no inline script and no event-handler attribute.
tests/browser/test_csp.py checks the pages in Chromium."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
# An attribute such as onclick="..." inside a tag.
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
# A <script> that runs code written in the page: no src, and not a data block.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")


def test_it_sends_a_policy_that_allows_only_our_own_scripts(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(item.strip().split(" ", 1) for item in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_it_keeps_scripts_out_of_the_templates(template):
    html = template.read_text()
    assert not EVENT_HANDLER.search(html)
    assert not INLINE_SCRIPT.search(html)
