"""A bounded memo tied to the object its values were computed from.

Why: hot pure functions of a loaded rules object (tokens of a heading under a lexicon, a measure's
name under the measures registry) are asked the same questions thousands of times per document.
Their answers are valid only for that object (tests load other lexicons and registries), and a
long batch must not grow memory without end: the memo is emptied when its owner changes or when
it is full.
"""

from __future__ import annotations

from typing import Callable, Generic, Hashable, Optional, TypeVar

V = TypeVar("V")


class OwnedMemo(Generic[V]):
    """Values per key for one owner object, at most ``max_size`` of them."""

    __slots__ = ("_owner", "_values", "_max")

    def __init__(self, max_size: int) -> None:
        self._owner: Optional[object] = None
        self._values: dict[Hashable, V] = {}
        self._max = max_size

    def get(self, owner: object, key: Hashable, compute: Callable[[], V]) -> V:
        """The value of ``key`` for ``owner``, computed (and kept) on the first ask."""
        if self._owner is not owner or len(self._values) >= self._max:
            self._values.clear()
            self._owner = owner
        value = self._values.get(key)
        if value is None:
            value = self._values[key] = compute()
        return value
