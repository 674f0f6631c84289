"""The preview in a real browser (Playwright driving Debian's chromium): switch audiences,
edit the outline on disk and see the page follow, break it and see the error over the last
good preview, fix it and see it recover. Screenshots of each state are saved in the test's
folder (and, with REPORTGEN_SCREENSHOTS=DIR, copied there)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from .conftest import wait_state

sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="the browser tests need Debian's chromium (apt-get install chromium)"),
]
#: Playwright's own browser download is not used: chromium is launched by its path
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(tmp_path):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 900})
            dialogs: list[str] = []
            pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            # -- nothing the page asks for is refused (a script or style blocked by the page's
            # CSP, a missing file) --
            console: list[str] = []
            pg.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
            pg.console = console  # type: ignore[attr-defined]
            pg.dialogs = dialogs  # type: ignore[attr-defined]
            yield pg
        finally:
            browser.close()


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / "screenshots" / f"{name}.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    keep = os.environ.get("REPORTGEN_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def test_preview_follows_the_outline(server, outline, page, tmp_path):
    expect = sync_api.expect
    page.goto(server.url + "/a/analysts")
    deck = page.locator("#pane")
    expect(deck).to_contain_text("Only analysts read QUILLFEATHER sourcing")
    expect(page.locator("figure.slide")).to_have_count(len(page.locator("svg.slide").all()))
    expect(page.locator("svg.slide").first).to_contain_text("INTERNAL")
    shot(page, tmp_path, "1-analysts")

    # -- switch audience: the content changes, and nothing analysts-only remains --
    page.get_by_role("link", name="Public release").click()
    page.wait_for_url("**/a/public*")
    expect(page.locator("svg.slide").first).to_contain_text("PUBLIC RELEASE")
    for tab in ("Deck", "Brief", "Handout"):
        page.get_by_role("navigation", name="View").get_by_role("link", name=tab).click()
        page.wait_for_load_state()
        assert "QUILLFEATHER" not in page.content(), tab
        for frame in page.frames:
            assert "QUILLFEATHER" not in frame.content(), (tab, frame.url)
        shot(page, tmp_path, f"2-public-{tab.lower()}")
    # -- the author's views: every audience's counts, and what one gets that another does not
    # (the diff names analysts-only text by design: it is the author's tool, not a public page) --
    view = page.get_by_role("navigation", name="View")
    view.get_by_role("link", name="Audiences").click()
    rows = page.locator("#pane tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("PUBLIC RELEASE")
    shot(page, tmp_path, "2-public-audiences")
    view.get_by_role("link", name="Diff").click()
    expect(page.locator("#pane")).to_contain_text("Only analysts gets (2)")
    expect(page.locator("#pane")).to_contain_text("Only analysts read QUILLFEATHER sourcing")
    shot(page, tmp_path, "2-public-diff")
    view.get_by_role("link", name="Deck").click()
    # -- outline text is text: the point shows its tags, and no script ran --
    expect(page.locator("#pane")).to_contain_text("<script>alert(1)</script> stays text")
    assert page.dialogs == []
    shot(page, tmp_path, "2-public")

    # -- edit the outline on disk: the open page shows it within 2 s, no reload --
    page.evaluate("window.__same_page = true")
    text = outline.read_text(encoding="utf-8")
    edited = text.replace("Everyone reads this opening point", "Everyone reads this edited point")
    t0 = time.monotonic()
    outline.write_text(edited, encoding="utf-8")
    expect(page.locator("#pane")).to_contain_text("Everyone reads this edited point", timeout=2000)
    took = time.monotonic() - t0
    assert page.evaluate("window.__same_page") is True
    print(f"save -> page updated: {took:.2f} s")
    shot(page, tmp_path, "3-edited")
    wait_state(server.url, lambda s: s["status"] == "ready" and s["ok"])
    files = {p.name: p.read_bytes() for p in server.out.glob("*.p*")}

    # -- break it: the error with its line shows over the last good preview --
    broken = edited.replace("  - title: Open findings", "  - titel: Open findings")
    outline.write_text(broken, encoding="utf-8")
    errors = page.locator("#errors .errors")
    expect(errors).to_be_visible(timeout=2000)
    expect(errors).to_contain_text(f"{outline.name}:10:5")
    expect(errors).to_contain_text("unknown key 'titel'")
    expect(page.locator("#pane")).to_contain_text("Everyone reads this edited point")
    shot(page, tmp_path, "4-error")
    assert {p.name: p.read_bytes() for p in server.out.glob("*.p*")} == files

    # -- fix it: the error goes and the preview follows again --
    outline.write_text(edited.replace("edited point", "fixed point"), encoding="utf-8")
    expect(errors).to_have_count(0, timeout=2000)
    expect(page.locator("#pane")).to_contain_text("Everyone reads this fixed point", timeout=2000)
    assert page.evaluate("window.__same_page") is True
    shot(page, tmp_path, "5-fixed")
    assert page.dialogs == []
    assert page.console == []
