"""Remember what was built from an object for as long as that object lives in the process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class by_identity(Generic[K, V]):  # noqa: N801 - used as a decorator, like functools.cache
    """`build(obj)` once per object, found by identity: banks and questions are immutable
    tuples whose hash would walk every alias on each look-up, and equal copies are rare."""

    def __init__(self, build: Callable[[K], V]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self._built: dict[int, tuple[K, V]] = {}

    def __call__(self, key: K) -> V:
        entry = self._built.get(id(key))
        if entry is None or entry[0] is not key:  # an id can be reused once its object is gone
            entry = self._built[id(key)] = (key, self.build(key))
        return entry[1]

    def cache_clear(self) -> None:
        self._built.clear()
