"""End to end: ``flashpoint brief`` on two scenarios, then the page in headless Chromium.

Network requests are blocked (only file:// is allowed); the page must log no console error and
every chart container must hold a rendered SVG or canvas of non-zero size. A screenshot is saved
(and copied to /tmp/briefing.png to look at). Without a browser the test skips, except in CI
(``CI=true``), where a missing browser fails it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_COPY = Path("/tmp/briefing.png")
RENDER_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1400, "height": 1000}


def browser_or_skip() -> Path:
    """The system Chromium; skip (fail in CI) when it or playwright is missing."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed"
    if reason is None and not CHROMIUM.is_file():
        reason = f"no browser at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.mark.slow
def test_briefing_page_renders_offline(result_dirs, tmp_path):
    browser_path = browser_or_skip()
    from playwright.sync_api import sync_playwright

    out = tmp_path / "briefing"
    result = CliRunner().invoke(app, ["brief", *map(str, result_dirs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page_file = out / "briefing.html"
    charts = sorted((out / "charts").glob("*.png"))
    assert charts and all(c.with_suffix(".svg").is_file() for c in charts)

    errors, blocked = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(browser_path), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        containers = page.locator(".vega-chart")
        count = containers.count()
        assert count == len(charts)
        page.wait_for_function(
            "n => document.querySelectorAll('.vega-chart svg, .vega-chart canvas').length >= n",
            arg=count,
            timeout=RENDER_TIMEOUT_MS,
        )
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.vega-chart')].map(c => {
                const g = c.querySelector('svg, canvas');
                const r = g ? g.getBoundingClientRect() : {width: 0, height: 0};
                return [c.dataset.name, r.width, r.height];
            })"""
        )
        shot = tmp_path / "briefing.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    shutil.copy(shot, SCREENSHOT_COPY)
    assert not errors, errors
    assert not blocked, blocked
    assert all(w > 0 and h > 0 for _name, w, h in sizes), sizes
