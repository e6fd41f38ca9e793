"""The caseworker's page and /docs as served: self-contained, open without a token, the form's
description complete; and ``?format=html`` is the explain package's page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from service_helpers import TOKEN

from zyjob_rules import evaluate, parse_case
from zyjob_rules.explain.html import render_html
from zyjob_rules.explain.words.labels import ENUM_LABELS
from zyjob_rules.model import Case
from zyjob_rules.service import case_form
from zyjob_rules.service.case_form import FormSchemaError, form_spec

_EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_URL_IN_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


def _spec_of(page: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="form-spec">(.*?)</script>', page,
                      re.DOTALL)
    assert match, "the page carries the form's description"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_page_is_self_contained_and_states_its_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp
    page = response.text
    assert not _EXTERNAL.search(page)
    assert re.findall(r'<script src="([^"]+)"', page) == ["/page/caseworker.js"]
    assert re.findall(r'rel="stylesheet" href="([^"]+)"', page) == ["/page/caseworker.css"]
    assert response.headers["x-ruleset-version"] in page
    assert _spec_of(page) == json.loads(json.dumps(form_spec()))
    for name, kind in (("caseworker.js", "text/javascript"), ("caseworker.css", "text/css")):
        asset = client.get(f"/page/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        assert not _EXTERNAL.search(asset.text) and not _URL_IN_CSS.search(asset.text)
        assert "http://" not in asset.text and "https://" not in asset.text
    missing = client.get("/page/../settings.py")
    assert missing.status_code == 404
    assert client.get("/page/caseworker.html").status_code == 404  # only the page's own files


def test_the_page_needs_no_token_but_its_calls_do(make_client: Callable[..., TestClient]) -> None:
    locked = make_client(tokens=frozenset({TOKEN}))
    assert locked.get("/").status_code == 200
    assert locked.get("/page/caseworker.js").status_code == 200
    assert locked.post("/v1/evaluate", content=b"{}").status_code == 401
    assert locked.get("/docs").status_code == 401  # the API description stays behind the token


def test_form_spec_covers_every_field_of_every_model() -> None:
    spec = form_spec()
    schema = Case.model_json_schema()
    defs = {**schema["$defs"], "Case": schema}
    models = spec["models"]
    assert set(models) == {n for n, d in defs.items() if "properties" in d}
    for name, model in models.items():
        assert [f["name"] for f in model["fields"]] == list(defs[name]["properties"]), name
        for f in model["fields"]:
            assert f["label"] and f["widget"] in {
                "text", "date", "int", "money", "bool", "enum", "const", "object", "list", "union"}
            if f["widget"] == "enum":  # choices by their labels, every value labelled
                assert all(value != label for value, label in f["options"]), (name, f["name"])
            if f["widget"] in ("object", "list"):
                assert f["of"] in models
    hire = {f["name"]: f for f in models["Hire"]["fields"]}
    assert hire["start_date"] == {**hire["start_date"], "label": "入职日期", "widget": "date",
                                  "required": True}
    assert hire["worker"]["widget"] == "object" and hire["worker"]["of"] == "Person"
    assert hire["social_insurance_enrolled"]["nullable"] is True  # "not given" stays unknown
    org = {f["name"]: f for f in models["Organisation"]["fields"]}
    assert ["family_farm", ENUM_LABELS["OrganisationKind"]["family_farm"][0]] in \
        org["org_kind"]["options"]
    assert org["hires"] == {**org["hires"], "widget": "list", "of": "Hire"}
    person = {f["name"]: f for f in models["Person"]["fields"]}
    assert person["ui_periods"]["of"] == "InsurancePeriod"
    assert person["certificates"]["of"] == "Certificate"
    assert person["severance_lump_sum"]["widget"] == "money"
    applicant = next(f for f in models["Case"]["fields"] if f["name"] == "applicant")
    assert [c["of"] for c in applicant["choices"]] == ["Person", "Household", "Organisation"]


def test_a_field_the_form_cannot_show_is_an_error() -> None:
    builder = case_form._Builder({"X": {"properties": {"blob": {"type": "object"}}}})
    with pytest.raises(FormSchemaError, match=r"X\.blob"):
        builder.model("X")
    with pytest.raises(FormSchemaError, match=r"X\.pair"):
        case_form._Builder({"X": {"properties": {"pair": {
            "anyOf": [{"type": "string"}, {"type": "integer"}]}}}}).model("X")


def test_format_html_is_the_explain_page(client: TestClient, farm_body: bytes) -> None:
    for lang in ("zh", "en"):
        page = client.post(f"/v1/evaluate?format=html&lang={lang}", content=farm_body)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.text == render_html(evaluate(parse_case(farm_body)), lang)
    assert 'id="summary"' in page.text and not _EXTERNAL.search(page.text)


def test_docs_is_a_plain_page_of_every_route(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.text
    assert not _EXTERNAL.search(page)
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page  # nothing to run, nothing to fetch
    assert "swagger" not in page.lower()
    doc = client.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        for method in item:
            assert f"{method.upper()}</span><code>{path}</code>" in page
    assert "判定一个案件 / decide one case" in page and "<code>if-match</code>" in page
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs/oauth2-redirect").status_code == 404
