"""Optional extras (pandas, polars, pyarrow, matplotlib, dask) imported on first use.

``require`` returns the module typed as ``Any``: frames cross this boundary untyped (pyarrow has
no stubs), and a missing extra is one clear ImportError naming what to install.
"""

from __future__ import annotations

import importlib
from typing import Any


def require(module: str, extra: str = "analytics") -> Any:
    """The imported ``module``; ImportError saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{module} is needed here: pip install 'zyjob-rules[{extra}]'") from exc
