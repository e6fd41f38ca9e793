"""The routes answer what the library answers: reports, rules, parameters, schemas, screening."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
from fastapi.testclient import TestClient
from service_helpers import EXAMPLES, lines

from zyjob_rules import evaluate, load_ruleset, parse_case, screen
from zyjob_rules.explain.convert import report_json
from zyjob_rules.explain.text import render_report
from zyjob_rules.screening import synth_rows
from zyjob_rules.screening.output import result_row


def test_healthz_and_version(client: TestClient) -> None:
    rules = load_ruleset()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "ruleset_version": rules.version}
    version = client.get("/v1/version").json()
    assert version["ruleset_version"] == rules.version
    assert version["rules"] == len(rules.rule_ids())
    assert date.fromisoformat(version["rules_loaded_at"][:10])
    assert version["library_version"]


def test_evaluate_returns_the_library_report(client: TestClient, farm_body: bytes) -> None:
    response = client.post("/v1/evaluate", content=farm_body)
    assert response.status_code == 200
    expected = report_json(evaluate(parse_case(farm_body)))
    assert response.json() == expected
    award = next(d for d in response.json()["decisions"] if d["rule_id"] == "poverty_hire_award")
    assert (award["outcome"], award["amount"]) == ("eligible", "1000.00")


def test_evaluate_query_options(client: TestClient, farm_body: bytes) -> None:
    case = parse_case(farm_body)
    later = client.post("/v1/evaluate?as_of=2018-07-20&trace=false", content=farm_body).json()
    assert later["audit"]["as_of"] == "2018-07-20"
    award = next(d for d in later["decisions"] if d["rule_id"] == "poverty_hire_award")
    assert award["amount"] == "2000.00"  # both hires now past 6 months
    assert all(d["trace"] == [] for d in later["decisions"])
    positive = client.post("/v1/evaluate?only=positive", content=farm_body).json()
    assert {d["outcome"] for d in positive["decisions"]} <= {"eligible", "may_consider", "met"}
    assert positive["decisions"]
    text = client.post("/v1/evaluate?format=text&lang=en", content=farm_body)
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == render_report(evaluate(case), "en")
    page = client.post("/v1/evaluate?format=html", content=farm_body)
    assert page.headers["content-type"].startswith("text/html")
    assert "吸纳贫困家庭劳动力稳定就业一次性奖补" in page.text


def test_every_example_case_decides_as_the_library(client: TestClient) -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        body = path.read_bytes()
        response = client.post("/v1/evaluate?trace=false", content=body)
        assert response.status_code == 200, path.name
        expected = report_json(evaluate(parse_case(body), trace=False))
        assert response.json() == expected, path.name


def test_rules_and_one_rule(client: TestClient) -> None:
    rules = load_ruleset()
    listing = client.get("/v1/rules?as_of=2018-06-30").json()
    assert listing["ruleset_version"] == rules.version
    assert sorted({r["id"] for r in listing["rules"]}) == sorted(rules.rule_ids())
    one = client.get("/v1/rules/poverty_hire_award?as_of=2018-06-30").json()["rule"]
    assert one["clause"] == "（十九）"
    assert "稳定就业6个月以上" in one["words"]["zh"]
    assert "6 months" in one["words"]["en"]
    assert one["data"]["for_each"]["conditions"]
    params = {p["id"]: p for p in one["parameters"]}
    assert params["poverty_hire_award.min_months"]["value"] == 6
    assert params["poverty_hire_award.amount_per_worker"]["value"] == "1000"
    assert "（十九）" in params["poverty_hire_award.amount_per_worker"]["source"]


def test_parameters_in_force_with_sources(client: TestClient) -> None:
    rules = load_ruleset()
    params = client.get("/v1/parameters?as_of=2018-06-30").json()["parameters"]
    assert len(params) == len(rules.parameters)
    for p in params:
        if p["in_force"]:
            assert p["source"] and p["effective_from"] <= "2018-06-30"
    unset = [p for p in params if p.get("unset")]
    assert unset, "the policy leaves some amounts to other regulations"
    assert all(p["note"] for p in unset)


def test_reports_validate_against_the_report_schema(client: TestClient, farm_body: bytes) -> None:
    schema = client.get("/v1/schema/report").json()
    assert schema["$id"] == "urn:zyjob-rules:report"
    report = client.post("/v1/evaluate", content=farm_body).json()
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["summary"]["cash_total"] == "1000.00"


def test_case_schema_validates_the_examples(client: TestClient) -> None:
    schema = client.get("/v1/schema/case").json()
    validator = jsonschema.Draft202012Validator(schema)
    for path in EXAMPLES.glob("*.json"):
        validator.validate(json.loads(path.read_text(encoding="utf-8")))


def test_screen_streams_the_library_rows(client: TestClient) -> None:
    rows = list(synth_rows("enterprise", 6, seed=3))
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    body += '{"applicant": {"kind": "person", "birth_date": "1990-02-30"}}\n'
    body += "not json\n"
    response = client.post("/v1/screen?as_of=2018-06-30", content=body.encode())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    out = lines(response.text)
    expected = [
        {"record": "result", **result_row(i + 1, r.case_id, d, False)}
        for i, r in enumerate(screen(rows, as_of="2018-06-30"))
        for d in r.decisions
    ]
    assert [o for o in out if o["record"] == "result"] == json.loads(json.dumps(expected))
    rejected = [o for o in out if o["record"] == "rejected"]
    assert [r["line"] for r in rejected] == [7, 8]
    assert rejected[0]["problems"][0]["path"] == "applicant.birth_date"
    assert rejected[0]["problems"][0]["message"]["zh"].startswith("出生日期")
    assert rejected[1]["problems"][0]["path"] == "$"
    summary = out[-1]
    assert summary["record"] == "summary"
    assert (summary["cases"], summary["rejected"]) == (6, 2)
    assert summary["ruleset_version"] == load_ruleset().version


def test_screen_reads_csv(client: TestClient) -> None:
    from zyjob_rules.screening import case_to_row, columns

    rows = list(synth_rows("person", 4, seed=5))
    header = columns("person")
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(case_to_row(parse_case(r)))
    response = client.post(
        "/v1/screen?as_of=2018-06-30", content=buf.getvalue().encode(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200
    out = lines(response.text)
    assert out[-1]["cases"] == 4 and out[-1]["rejected"] == 0
    assert {o["line"] for o in out if o["record"] == "result"} == {2, 3, 4, 5}


def test_screen_refuses_an_unknown_csv_header(client: TestClient) -> None:
    response = client.post(
        "/v1/screen", content=b"foo,bar\n1,2\n", headers={"content-type": "text/csv"}
    )
    assert response.status_code == 400
    assert "foo" in response.json()["error"]["message"]["en"]
