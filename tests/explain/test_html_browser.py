"""The HTML report in a real headless chromium: rendered from three example cases (eligible,
refused, undecided), screenshotted, and checked by the text a person sees, with no network."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zyjob_rules import evaluate
from zyjob_rules.explain.html import render_html

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases"
CHROMIUM = os.environ.get("ZYJOB_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Screenshots are kept for a person to look at (git-ignored under tests/artifacts/).
ARTIFACTS = Path(os.environ.get("ZYJOB_ARTIFACTS", ROOT / "tests" / "artifacts"))

if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"no chromium installed at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Any, tmp_path: Path, case: str, lang: str) -> tuple[Any, list[str]]:
    page_file = tmp_path / f"{case}.{lang}.html"
    report = evaluate((CASES / f"{case}.json").read_text(encoding="utf-8"))
    page_file.write_text(render_html(report, lang), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    return page, requests


def _screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / name
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000  # a rendered page, not a blank one
    return out


def test_family_farm_page_summary_marks_and_folding(browser: Any, tmp_path: Path) -> None:
    page, requests = _open(browser, tmp_path, "family_farm_poor_hires", "zh")
    _screenshot(page, "family_farm_poor_hires.zh.png")
    assert [u for u in requests if not u.startswith("file:")] == []  # self-contained
    summary = page.locator("#summary").inner_text()
    assert "可享受的现金补贴合计 ¥1,000.00" in summary
    assert "2018-07-15" in summary and "职工 王芳 (P-FF-01)" in summary
    assert "该单位是否去产能企业？" in summary
    body = page.locator("body").inner_text()
    assert body.index("摘要") < body.index("逐条说明")
    assert "2018-01-15 入职，至 2018-06-30 已满 5 个月，不足 6 个月（2018-07-15 起满足）" in body
    assert "applicant.hires[0]" in body  # the path, kept small beside the worker's name
    award = page.locator("article#poverty_hire_award-applicant")
    assert award.locator("blockquote").inner_text().startswith("大力发展农民专业合作社")
    assert {"✓", "✗"} <= set(award.locator(".mark").all_inner_texts())
    # What held is folded away until opened; printing opens every fold.
    held = award.locator("details", has_text="满足的条件").first
    statement = held.locator(".statement").first
    assert not statement.is_visible()
    held.locator("summary").first.click()
    assert statement.is_visible()
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(d for d in page.eval_on_selector_all("details", "ds => ds.map(d => d.open)"))
    page.close()


@pytest.mark.parametrize(
    ("case", "lang", "seen"),
    [
        ("decap_enterprise_no_layoffs", "en",
         ["Loans and ceilings (not added to the cash total)", "up to ¥10,500.05",
          "× 70% = ¥10,500.05"]),
        ("employee_insured_35_months", "zh", ["不符合条件", "✗"]),
        ("household_poor_worker_and_graduate", "en", ["Summary", "Details"]),
    ],
)
def test_other_example_pages(
    browser: Any, tmp_path: Path, case: str, lang: str, seen: list[str]
) -> None:
    page, requests = _open(browser, tmp_path, case, lang)
    _screenshot(page, f"{case}.{lang}.png")
    assert [u for u in requests if not u.startswith("file:")] == []
    text = page.locator("body").inner_text()
    for phrase in seen:
        assert phrase in text
    assert page.title()
    page.close()
