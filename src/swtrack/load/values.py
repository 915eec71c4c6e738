"""A table's value column as codes into its distinct values, each value matched by its bits.

A national register holds 2.1 million values but a few dozen distinct ones (counts of staff,
0 or 1 for a station): a code of one byte a row in place of a float of eight is 15 MB less
for as long as the table lives. Values are matched by their 64 bits, not compared as floats,
so that every value (-0.0 and 0.0 apart) comes back exactly as it was read. The lookup is kept
sorted in arrays, not a dict: a table of millions of distinct values would cost a hundred
bytes each in a dict, and eight here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]


class Values:
    """Distinct values by code (codes never change once given) and a sorted lookup of them."""

    def __init__(self) -> None:
        self._bits = np.zeros(0, dtype=np.int64)  # by code
        self._sorted = np.zeros(0, dtype=np.int64)  # the same bits, ascending
        self._code = np.zeros(0, dtype=np.int64)  # the code of each of _sorted

    def __len__(self) -> int:
        return len(self._bits)

    @property
    def floats(self) -> Array:
        """Each code's value."""
        found: Array = self._bits.view(np.float64)
        return found

    def codes(self, values: Array) -> Array:
        """The code of each value (new values are given the next codes)."""
        bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
        distinct, inverse = np.unique(bits, return_inverse=True)
        code = np.empty(len(distinct), dtype=np.int64)
        known = np.zeros(len(distinct), dtype=bool)
        if len(self._sorted):
            at = np.minimum(np.searchsorted(self._sorted, distinct), len(self._sorted) - 1)
            known = self._sorted[at] == distinct
            code[known] = self._code[at[known]]
        new = distinct[~known]
        code[~known] = np.arange(len(self._bits), len(self._bits) + len(new))
        if len(new):
            self._bits = np.concatenate([self._bits, new])
            self._code = np.argsort(self._bits, kind="stable")
            self._sorted = self._bits[self._code]
        found: Array = code[inverse.reshape(-1)]
        return found
