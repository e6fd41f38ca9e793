"""Every sentence the library shows a person, in Chinese and English (see DESIGN §7).

- ``phrases``: the report's headings, outcomes, verdicts, comparison words and templates;
- ``labels``: the zh/en labels of the case model's enum values;
- ``engine_notes``: the sentences the engine attaches to decisions (amount reasons, overlaps);
- ``errors``: input-error messages in Chinese, by pydantic error type.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]


def check_lang(lang: str) -> Lang:
    """``lang`` itself if it is a supported language, else ValueError."""
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    raise ValueError(f"unknown language {lang!r}; use 'zh' or 'en'")
