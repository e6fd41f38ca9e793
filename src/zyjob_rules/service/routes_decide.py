"""``POST /v1/evaluate`` (one case -> its report) and ``POST /v1/screen`` (a registry, streamed).

Both read the raw body and hand it to the library's own validation (so a client gets the CLI's
field paths and messages), and both run the deciding off the event loop, in the threadpool.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from ..errors import ZyjobRulesError
from ..explain.convert import report_json
from ..explain.html import render_html
from ..explain.text import render_report
from .decide import EvaluateRequest, Only, decide, outcome_counts
from .dependencies import pinned_rules, request_id, settings_of
from .openapi_docs import ERROR_RESPONSES, case_body, screen_body
from .problems import bad_request
from .rules_state import LoadedRules
from .screen_stream import ScreenRequest, ScreenRun, new_spool
from .settings import ServiceSettings

router = APIRouter(prefix="/v1", tags=["decide / 判定"])

AS_OF_DOC = (
    "评估基准日 YYYY-MM-DD（默认取案件的日期，否则当日） / assessment date (default: the "
    "case's, else today)"
)
LANG_DOC = "文本与 HTML 的语言 / language of the text and HTML forms"
TRACE_DOC = "是否附条件追溯（默认是） / include each decision's condition trace (default true)"
ONLY_DOC = (
    "只返回：positive 符合条件的，unknown 待补充信息的，actionable 两者 / only positive "
    "decisions, only unknown ones (facts to ask), or both (actionable)"
)
FORMAT_DOC = "json（报告）、text 或 html（可读形式） / json (the report), text or html (readable)"


@router.post(
    "/evaluate",
    summary="判定一个案件 / decide one case",
    description=(
        "对一个案件（申请主体为个人、家庭或单位）逐条判定并说明理由，返回报告。"
        "\n\nDecides every rule that applies to the case's applicant and explains why: "
        "the Report (JSON), or its text / HTML rendering with `format`."
    ),
    openapi_extra=case_body(),
    responses={
        200: {
            "description": "报告 / the report",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
        },
        **ERROR_RESPONSES,
    },
)
async def evaluate_case(
    request: Request,
    rules: Annotated[LoadedRules, Depends(pinned_rules)],
    settings: Annotated[ServiceSettings, Depends(settings_of)],
    rid: Annotated[str, Depends(request_id)],
    as_of: Annotated[date | None, Query(description=AS_OF_DOC)] = None,
    lang: Annotated[Literal["zh", "en"], Query(description=LANG_DOC)] = "zh",
    trace: Annotated[bool, Query(description=TRACE_DOC)] = True,
    only: Annotated[Only | None, Query(description=ONLY_DOC)] = None,
    format: Annotated[Literal["json", "text", "html"], Query(description=FORMAT_DOC)] = "json",
) -> Response:
    body = await request.body()
    req = EvaluateRequest(body, as_of, trace, only, settings.max_items, rid)
    report = await run_in_threadpool(decide, rules, req)
    request.state.outcomes = outcome_counts(report)
    if format == "text":
        return PlainTextResponse(render_report(report, lang))
    if format == "html":  # the explain package's printable page (inline styles, no network)
        return HTMLResponse(render_html(report, lang))
    return JSONResponse(report_json(report))


SCREEN_FORMAT_DOC = (
    "输入格式（默认按 Content-Type：text/csv 为 CSV，否则 JSON lines） / input format "
    "(default from Content-Type: text/csv is CSV, else JSON lines)"
)


@router.post(
    "/screen",
    summary="批量筛查名册 / screen a registry (streamed)",
    description=(
        "上传 JSON lines 或 CSV 名册（与 `zyjob-rules screen` 相同的格式），逐行返回判定结果；"
        "无效行注明行号与字段路径；最后一行为汇总。"
        "\n\nA registry in JSON lines or CSV (the formats of `zyjob-rules screen`); the "
        "response streams one JSON line per result row (`record: result`), per rejected row "
        "(`record: rejected`, with its line and field paths) and a final `record: summary`."
    ),
    openapi_extra=screen_body(),
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "JSON lines: result, rejected and summary records",
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        },
        **ERROR_RESPONSES,
    },
)
async def screen_registry(
    request: Request,
    rules: Annotated[LoadedRules, Depends(pinned_rules)],
    settings: Annotated[ServiceSettings, Depends(settings_of)],
    rid: Annotated[str, Depends(request_id)],
    as_of: Annotated[date | None, Query(description=AS_OF_DOC)] = None,
    input_format: Annotated[
        Literal["jsonl", "csv"] | None, Query(alias="format", description=SCREEN_FORMAT_DOC)
    ] = None,
    trace: Annotated[bool, Query(description=TRACE_DOC)] = False,
    only: Annotated[Only | None, Query(description=ONLY_DOC)] = None,
) -> Response:
    fmt = input_format or _format_of(request.headers.get("content-type", ""))
    spool = new_spool()
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            spool.write(chunk)  # in memory up to a few MiB, then a temporary file
    except BaseException:
        spool.close()
        raise
    run = ScreenRun(rules, ScreenRequest(fmt, as_of, trace, only, settings.max_items, rid),
                    spool, size)
    try:
        await run_in_threadpool(run.start)
    except ZyjobRulesError:  # e.g. a CSV header naming unknown columns: rendered at the edge
        raise
    except ValueError as exc:  # any other header the reader refused: nothing was read
        raise bad_request(
            "bad_input_header", str(exc), f"输入的表头无效：{exc}") from exc
    return StreamingResponse(run.lines(), media_type="application/x-ndjson")


def _format_of(content_type: str) -> Any:
    return "csv" if content_type.split(";")[0].strip().lower() == "text/csv" else "jsonl"
