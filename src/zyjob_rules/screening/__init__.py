"""Registry screening (免申即享): deciding whole registries in one streaming pass.

- ``screen``: the library generator (cases in, ScreenResult per case out, in input order);
- ``records`` / ``csv_layout`` / ``output``: reading JSON lines or flat CSV, writing result rows;
- ``pipeline``: a whole run with worker processes, an errors file and a summary;
- ``synth``: deterministic synthetic registries for benchmarks and examples.
"""

from .core import Screener, ScreenResult, screen
from .csv_layout import case_to_row, columns, row_to_case
from .summary import Summary
from .synth import RegistryGenerator, synth_rows

__all__ = [
    "RegistryGenerator",
    "ScreenResult",
    "Screener",
    "Summary",
    "case_to_row",
    "columns",
    "row_to_case",
    "screen",
    "synth_rows",
]
