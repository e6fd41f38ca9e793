"""How much one request may ask: list items in a case (bytes are limited by the middleware)."""

from __future__ import annotations

from pydantic import BaseModel

from .problems import ServiceError, too_large


def count_items(obj: object) -> int:
    """Every list item anywhere in a validated case: hires, members, their insurance periods,
    certificates... (a household's members each count, and so do their own lists)."""
    if isinstance(obj, BaseModel):
        return sum(count_items(getattr(obj, name)) for name in type(obj).model_fields)
    if isinstance(obj, list | tuple):
        return len(obj) + sum(count_items(x) for x in obj)
    return 0


def check_items(case: BaseModel, limit: int) -> None:
    """Raise a 413 ServiceError when ``case`` holds more than ``limit`` list items."""
    n = count_items(case)
    if n > limit:
        raise too_items(n, limit)


def too_items(n: int, limit: int) -> ServiceError:
    err = too_large(limit, f"the case's number of list items ({n:,})", f"案件中的列表项数（{n:,}）")
    return err
