"""A column of strings stored as one string plus offsets.

Unpickling 300,000 separate ``str`` objects takes about a second; one long string
and an offsets array load in milliseconds, which is most of what "process start
to first answer" costs. Rows are sliced out on demand, and ``contains`` tests a
substring without even building the slice.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

import numpy as np


class StringColumn(Sequence[str]):
    def __init__(self, data: str, offsets: list[int]):
        self.data = data
        self.offsets = offsets  # len(rows) + 1 boundaries

    @classmethod
    def from_strings(cls, strings: Iterable[str]) -> StringColumn:
        parts = list(strings)
        bounds = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in parts], out=bounds[1:])
        return cls("".join(parts), bounds.tolist())

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.data[self.offsets[i]:self.offsets[i + 1]]

    def __iter__(self) -> Iterator[str]:
        data, off = self.data, self.offsets
        for i in range(len(off) - 1):
            yield data[off[i]:off[i + 1]]

    def contains(self, i: int, needle: str) -> bool:
        return self.data.find(needle, self.offsets[i], self.offsets[i + 1]) != -1

    def __getstate__(self) -> tuple[str, np.ndarray]:
        return self.data, np.asarray(self.offsets, dtype=np.int64)

    def __setstate__(self, state: tuple[str, np.ndarray]) -> None:
        self.data, offsets = state
        self.offsets = offsets.tolist()


class Chained(Sequence[str]):
    """Several segments' columns read as one, row numbers running on across them."""

    def __init__(self, parts: list[StringColumn]):
        self.parts = parts
        self.starts: list[int] = []
        total = 0
        for p in parts:
            self.starts.append(total)
            total += len(p)
        self.total = total

    def _locate(self, i: int) -> tuple[StringColumn, int]:
        if len(self.parts) == 1:
            return self.parts[0], i
        k = bisect_right(self.starts, i) - 1
        return self.parts[k], i - self.starts[k]

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += self.total
        part, j = self._locate(i)
        return part[j]

    def __iter__(self) -> Iterator[str]:
        for p in self.parts:
            yield from p

    def contains(self, i: int, needle: str) -> bool:
        part, j = self._locate(i)
        return part.contains(j, needle)
