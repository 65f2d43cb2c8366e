"""Accessibility checks with axe-core (vendored in static/vendor/axe-core/).

from tests.browser.axe import assert_no_serious_violations
page.goto("/map/")
assert_no_serious_violations(page)
"""

from django.templatetags.static import static

BLOCKING = ("serious", "critical")


def axe_violations(page, *, impacts=BLOCKING):
    """Run axe-core on the page as it is now; the violations with these impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # From the site's own static files: the CSP refuses an inline script.
        page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in impacts]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def assert_no_serious_violations(page):
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"
