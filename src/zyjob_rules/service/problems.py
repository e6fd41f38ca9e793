"""Errors as the service reports them: one JSON shape, a stable code, an HTTP status, zh and en.

Every error response has the body::

    {"error": {"code": "case_invalid", "status": 422,
               "message": {"zh": "...", "en": "..."},
               "problems": [{"path": "applicant.hires[0].start_date",
                             "message": {"zh": "...", "en": "..."}}],
               "error_id": "..."},            # only for 500: the id to find in the logs
     "request_id": "...", "ruleset_version": "sha256:..."}

Library errors are mapped to statuses by their code in one table, at the app's edge
(``error_statuses.py``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from ..model import CaseValidationError, FieldProblem
from .messages import problem_zh


@dataclass(frozen=True)
class Problem:
    """One bad field (or query parameter) with its path and what is wrong, in both languages."""

    path: str
    en: str
    zh: str

    @staticmethod
    def of(problem: FieldProblem) -> Problem:
        return Problem.of_message(problem.path, problem.message)

    @staticmethod
    def of_message(path: str, message: str) -> Problem:
        return Problem(path, message, problem_zh(path, message))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": {"zh": self.zh, "en": self.en}}


@dataclass
class ServiceError(Exception):
    """An error response: status, stable code, message in both languages, field problems."""

    status: int
    code: str
    en: str
    zh: str
    problems: list[Problem] = field(default_factory=list)
    error_id: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.en}"

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "status": self.status,
            "message": {"zh": self.zh, "en": self.en},
            "problems": [p.to_dict() for p in self.problems],
        }
        if self.error_id is not None:
            out["error_id"] = self.error_id
        return out


def new_error_id() -> str:
    return uuid.uuid4().hex


def invalid_case(exc: CaseValidationError) -> ServiceError:
    """422 listing every bad field, as ``zyjob-rules check`` does."""
    problems = [Problem.of(p) for p in exc.problems]
    return ServiceError(
        422,
        "case_invalid",
        f"the case is not valid ({len(problems)} problem(s))",
        f"案件数据无效（{len(problems)} 处问题）",
        problems,
    )


def evaluation_failed(error_id: str) -> ServiceError:
    """500 for a rule that could not be evaluated: never a silent "not eligible"."""
    return ServiceError(
        500,
        "evaluation_failed",
        f"a rule could not be evaluated; the error is logged under id {error_id}",
        f"有规则无法计算，未作出判定；错误已记录，编号 {error_id}",
        error_id=error_id,
    )


def internal_error(error_id: str) -> ServiceError:
    return ServiceError(
        500,
        "internal_error",
        f"internal error; it is logged under id {error_id}",
        f"服务内部错误；已记录，编号 {error_id}",
        error_id=error_id,
    )


def too_large(limit: int, what_en: str, what_zh: str) -> ServiceError:
    return ServiceError(
        413,
        "too_large",
        f"{what_en} is over the limit of {limit:,}",
        f"{what_zh}超过上限 {limit:,}",
    )


def unknown_rule(rule_id: str, close: list[str]) -> ServiceError:
    hint_en = f" (did you mean {', '.join(close)}?)" if close else ""
    hint_zh = f"（是否为 {'、'.join(close)}？）" if close else ""
    return ServiceError(
        404,
        "unknown_rule",
        f"no rule with id {rule_id!r}{hint_en}",
        f"没有编号为 {rule_id} 的规则{hint_zh}",
    )


def version_conflict(wanted: str, current: str) -> ServiceError:
    return ServiceError(
        409,
        "ruleset_version_conflict",
        f"the client expects rules {wanted} but the service decides with {current}",
        f"客户端要求的规则版本为 {wanted}，但服务当前使用 {current}，未作判定",
    )


def unauthorized() -> ServiceError:
    return ServiceError(
        401,
        "unauthorized",
        "a valid bearer token is required (Authorization: Bearer ...)",
        "需要有效的访问令牌（Authorization: Bearer ...）",
        headers={"WWW-Authenticate": 'Bearer realm="zyjob-rules"'},
    )


def not_found(path: str) -> ServiceError:
    return ServiceError(404, "not_found", f"no such route: {path}", f"没有此路径：{path}")


def bad_request(code: str, en: str, zh: str, problems: list[Problem] | None = None) -> ServiceError:
    return ServiceError(400, code, en, zh, problems or [])
