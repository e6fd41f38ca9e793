"""The caseworker's page in a real headless chromium against the real service on 127.0.0.1.

A caseworker fills the form for a family farm with two poor-household hires (the case of
examples/cases/family_farm_poor_hires.json: one worker 7 months in, one 5 months), submits it and
reads the decision: ¥1,000.00 of the one-off award （十九）, one of the two hires qualifying, as
``zyjob-rules evaluate`` says for that file. Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import keep_screenshot, launched_browser, require_browser, served
from service_helpers import FAMILY_FARM

from zyjob_rules import evaluate, parse_case
from zyjob_rules.explain.convert import report_json
from zyjob_rules.service.app import create_app
from zyjob_rules.service.rules_state import RulesHolder
from zyjob_rules.service.settings import ServiceSettings

require_browser()

FARM = json.loads(FAMILY_FARM.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_url(holder: RulesHolder) -> Iterator[str]:
    with served(create_app(ServiceSettings(), holder)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_browser() as b:
        yield b


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page on the service that records every request it makes and every error."""
    p = browser.new_page(viewport={"width": 1200, "height": 1000}, locale="zh-CN")
    p.requests = []
    p.errors = []
    p.on("request", lambda r: p.requests.append(r.url))
    p.on("console", lambda m: p.errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    p.goto(base_url + "/")
    yield p
    p.close()


def _fill_person(page: Any, path: str, person: dict[str, Any]) -> None:
    """Type a person's facts into the fields of ``path`` (a worker), as a caseworker would:
    open the fold of further facts, then each field by its widget."""
    item = page.locator(f'fieldset.object:has([data-path="{path}.name"])').first
    item.locator("details.more > summary").first.click()
    for key, value in person.items():
        if key == "kind":
            continue
        field = page.locator(f'[data-path="{path}.{key}"]')
        if isinstance(value, bool):
            field.select_option(label="是" if value else "否")
        elif field.evaluate("n => n.tagName") == "SELECT":
            field.select_option(value=value)
        else:
            field.fill(str(value))


def _fill_family_farm(page: Any) -> None:
    org = FARM["applicant"]
    page.check('input[name="applicant.kind"][value="organisation"]')
    page.fill('[data-path="id"]', FARM["id"])
    page.fill('[data-path="as_of"]', FARM["as_of"])
    page.fill('[data-path="note"]', FARM["note"])
    page.fill('[data-path="applicant.id"]', org["id"])
    page.fill('[data-path="applicant.name"]', org["name"])
    page.select_option('[data-path="applicant.org_kind"]', label="家庭农场")  # by its label
    page.select_option('[data-path="applicant.size_class"]', label="微型")
    page.select_option('[data-path="applicant.business_registered"]', label="是")
    page.fill('[data-path="applicant.registered_on"]', org["registered_on"])
    add = page.locator('button[data-list="applicant.hires"]')
    for _ in range(3):
        add.click()
    page.locator('button.remove[data-item="applicant.hires[1]"]').click()  # one too many
    assert page.locator('fieldset.item[data-item^="applicant.hires["]').count() == 2
    for i, hire in enumerate(org["hires"]):
        path = f"applicant.hires[{i}]"
        page.fill(f'[data-path="{path}.start_date"]', hire["start_date"])
        page.select_option(f'[data-path="{path}.contract_type"]', label="劳动合同")
        page.fill(f'[data-path="{path}.contract_term_months"]',
                  str(hire["contract_term_months"]))
        page.select_option(f'[data-path="{path}.social_insurance_enrolled"]', label="是")
        _fill_person(page, f"{path}.worker", hire["worker"])


def test_family_farm_form_decides_one_award_of_1000(page: Any, tmp_path: Path) -> None:
    _fill_family_farm(page)
    keep_screenshot(page, tmp_path, "caseworker_form_family_farm.png")
    # What the form would send is the example case itself (nothing lost, nothing added).
    page.click("#tab-json")
    page.click("#form-to-json")
    sent = page.input_value("#case-json")
    assert parse_case(sent) == parse_case(FAMILY_FARM.read_bytes())
    page.click("#tab-form")

    page.click("#submit")
    page.wait_for_selector("#result:not([hidden]) #summary")
    shot = keep_screenshot(page, tmp_path, "caseworker_family_farm.png")
    keep_screenshot(page, tmp_path, "caseworker_family_farm_report.png", "#result")

    # The library (what `zyjob-rules evaluate` prints for the example) is the reference.
    expected = report_json(evaluate(parse_case(FAMILY_FARM.read_bytes())))
    award = next(d for d in expected["decisions"] if d["rule_id"] == "poverty_hire_award")
    assert (award["outcome"], award["amount"]) == ("eligible", "1000.00")
    assert expected["summary"]["cash_total"] == "1000.00"

    summary = page.locator("#summary").inner_text()
    assert "可享受的现金补贴合计 ¥1,000.00" in summary
    decision = page.locator("article#poverty_hire_award-applicant")
    assert "结论：符合条件，金额 ¥1,000.00" in decision.locator(".outcome").inner_text()
    items = [t.splitlines()[0] for t in
             decision.locator("li:has(> details > summary > strong)").all_inner_texts()]
    assert len(items) == 2
    assert any("刘洋" in t and "：满足 ¥1,000.00" in t for t in items)  # 7 months: the award
    assert any("王芳" in t and "：不满足" in t and "2018-07-15" in t for t in items)  # 5 months

    # The questions to ask: one checkbox each, as the report's summary lists them.
    questions = [q["question"]["zh"] for q in expected["summary"]["questions"]]
    boxes = page.locator("#questions li")
    assert boxes.count() == len(questions) > 0
    assert page.locator("#questions li .q").all_inner_texts() == questions
    page.locator("#questions input[type=checkbox]").first.check()
    assert "该单位是否去产能企业？" in page.locator("#checklist").inner_text()
    status = page.locator("#status").inner_text()
    assert expected["audit"]["ruleset_version"] in status

    # Printing: the form goes, the checklist and the report stay, every fold opens.
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator("#input").is_visible()
    assert page.locator("#checklist").is_visible() and decision.is_visible()
    assert all(page.eval_on_selector_all("#report details", "ds => ds.map(d => d.open)"))
    keep_screenshot(page, tmp_path, "caseworker_family_farm_print.png")
    assert shot.exists()
    assert page.errors == []


def test_the_page_loads_nothing_but_the_service(page: Any, base_url: str) -> None:
    blocked: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.reload()
    page.set_input_files("#case-file", str(FAMILY_FARM))  # upload, then submit as JSON
    page.click("#tab-json")
    page.wait_for_function("document.getElementById('case-json').value.length > 100")
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden]) #summary")
    assert "¥1,000.00" in page.locator("#summary").inner_text()
    page.goto(base_url + "/docs")
    assert "/v1/evaluate" in page.locator("body").inner_text()
    assert blocked == []
    assert page.requests and all(u.startswith(base_url + "/") for u in page.requests)
    assert page.errors == []  # no script error, no refused resource


def test_a_bad_case_shows_each_field_path(page: Any) -> None:
    bad = json.loads(json.dumps(FARM))
    bad["applicant"]["hires"][0]["start_date"] = "2018-13-01"
    bad["applicant"]["hires"][1]["worker"]["poverty_registered"] = "yes"
    page.click("#tab-json")
    page.fill("#case-json", json.dumps(bad, ensure_ascii=False))
    page.click("#submit")  # sent as pasted: the service names every bad field
    page.wait_for_selector("#problems li")
    problems = page.locator("#problems").inner_text()
    assert "applicant.hires[0].start_date" in problems
    assert "applicant.hires[1].worker.poverty_registered" in problems
    assert "案件数据无效（2 处问题）" in page.locator("#status").inner_text()
    assert page.locator("#result").is_hidden()
    # Loaded into the form, the two values the form cannot hold are named, not dropped quietly.
    page.click("#json-to-form")
    status = page.locator("#status").inner_text()
    assert "applicant.hires[0].start_date" in status
    assert "applicant.hires[1].worker.poverty_registered" in status
    assert page.locator("#case-form").is_visible()
    page.click("#tab-json")
    page.fill("#case-json", '{"applicant": {"kind": "company", "name": "x"}}')
    page.click("#json-to-form")
    assert "applicant.kind" in page.locator("#status").inner_text()
    page.click("#tab-json")
    page.fill("#case-json", "[1, 2]")
    page.click("#json-to-form")
    assert "案件须为一个 JSON 对象" in page.locator("#status").inner_text()
