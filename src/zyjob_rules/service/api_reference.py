"""``/docs``: the API reference as one plain HTML page, rendered from the OpenAPI document.

FastAPI's default ``/docs`` is Swagger UI, whose script and styles come from a CDN: on the
bureau's networks without internet it shows a blank page, and it would send every caseworker's
browser to a third party. This page is written here from ``/openapi.json`` instead: each route
with its summary, description, parameters, request body and responses, in zh and en as the
document has them; no script, no external asset. For an interactive client, load
``/openapi.json`` into any OpenAPI tool.
"""

from __future__ import annotations

from html import escape
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")

_CSS = """
body { font: 15px/1.55 "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif;
       color: #1f2328; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.desc { white-space: pre-wrap; }
.op { border: 1px solid #d0d7de; border-radius: 6px; padding: .3rem 1rem .6rem; margin: 1rem 0; }
.method { display: inline-block; min-width: 3.6rem; font-weight: 700; color: #fff;
          background: #0969da; border-radius: 4px; text-align: center; margin-right: .4rem; }
.method.post { background: #1a7f37; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .3rem 0; }
th, td { border: 1px solid #d0d7de; padding: .2rem .4rem; text-align: left; vertical-align: top; }
code { font-size: .9em; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _type(schema: dict[str, Any]) -> str:
    """A short name of a schema's type: ``string (date)``, ``Case``, ``zh | en``..."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _parameters(op: dict[str, Any]) -> str:
    params = op.get("parameters", [])
    if not params:
        return ""
    rows = "".join(
        f"<tr><td><code>{_e(p['name'])}</code></td><td>{_e(p['in'])}</td>"
        f"<td>{'是 / yes' if p.get('required') else ''}</td>"
        f"<td>{_e(_type(p.get('schema', {})))}</td><td>{_e(p.get('description', ''))}</td></tr>"
        for p in params
    )
    return ("<h4>参数 / parameters</h4><table><tr><th>name</th><th>in</th><th>required</th>"
            f"<th>type</th><th>description</th></tr>{rows}</table>")


def _content(content: dict[str, Any]) -> str:
    return ", ".join(
        f"<code>{_e(media)}</code>" + (f" ({_e(_type(body['schema']))})" if "schema" in body
                                       else "")
        for media, body in content.items()
    )


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    out = [f'<section class="op" id="{_e(op.get("operationId", path))}">',
           f'<h3><span class="method {method}">{method.upper()}</span><code>{_e(path)}</code>'
           f" — {_e(op.get('summary', ''))}</h3>",
           f'<p class="desc">{_e(op.get("description", ""))}</p>', _parameters(op)]
    body = op.get("requestBody")
    if body:
        out.append(f"<h4>请求体 / request body</h4><p>{_e(body.get('description', ''))} "
                   f"{_content(body.get('content', {}))}</p>")
    rows = "".join(
        f"<tr><td>{_e(code)}</td><td>{_e(r.get('description', ''))}</td>"
        f"<td>{_content(r.get('content', {}))}</td></tr>"
        for code, r in op.get("responses", {}).items()
    )
    out.append("<h4>响应 / responses</h4><table><tr><th>status</th><th>description</th>"
               f"<th>content</th></tr>{rows}</table></section>")
    return "\n".join(out)


def render_reference(doc: dict[str, Any]) -> str:
    """The whole API reference page of an OpenAPI document."""
    info = doc.get("info", {})
    ops = [(path, m, item[m]) for path, item in doc.get("paths", {}).items()
           for m in _METHODS if m in item]
    toc = "".join(
        f'<li><a href="#{_e(op.get("operationId", path))}">{m.upper()} <code>{_e(path)}</code>'
        f"</a> — {_e(op.get('summary', ''))}</li>"
        for path, m, op in ops
    )
    body = "\n".join(_operation(path, m, op) for path, m, op in ops)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(info.get('title', 'API'))} {_e(info.get('version', ''))} — API</title>\n"
        f'<link rel="icon" href="data:,">\n<style>{_CSS}</style>\n</head>\n<body>\n'
        f"<h1>{_e(info.get('title', 'API'))} <small>{_e(info.get('version', ''))}</small></h1>\n"
        f'<p class="desc">{_e(info.get("description", ""))}</p>\n'
        '<p>OpenAPI 文档 / document: <a href="/openapi.json">/openapi.json</a> · '
        '<a href="/v1/schema/case">案件模式 / case schema</a> · '
        '<a href="/v1/schema/report">报告模式 / report schema</a> · '
        '<a href="/">经办页面 / caseworker page</a></p>\n'
        f"<h2>接口 / routes</h2><ul>{toc}</ul>\n{body}\n</body>\n</html>\n"
    )
