"""The owner-bound memo of rules lookups (rules/memo.py): a value computed once per key for one
owner, forgotten when another owner asks or when the memo is full."""

from __future__ import annotations

from budgetlens.rules.memo import OwnedMemo


def test_values_are_kept_for_their_owner_only():
    calls: list[str] = []

    def compute(key: str):
        return lambda: calls.append(key) or key.upper()

    memo: OwnedMemo[str] = OwnedMemo(max_size=10)
    first, second = object(), object()
    assert memo.get(first, "a", compute("a")) == "A"
    assert memo.get(first, "a", compute("a")) == "A" and calls == ["a"]  # kept
    assert memo.get(second, "a", compute("a")) == "A" and calls == ["a", "a"]  # another owner


def test_a_full_memo_starts_again():
    """Once ``max_size`` values are kept the memo is emptied at the next ask (a long batch
    does not grow it), and that value is computed again; below the size, nothing is."""
    calls: list[int] = []
    memo: OwnedMemo[int] = OwnedMemo(max_size=3)
    owner = object()
    for k in (1, 2, 1, 2):
        memo.get(owner, k, lambda k=k: calls.append(k) or k)
    assert calls == [1, 2]  # near miss: two values of three, both kept
    memo.get(owner, 3, lambda: calls.append(3) or 3)  # the third: now full
    memo.get(owner, 1, lambda: calls.append(1) or 1)  # emptied first, so computed again
    assert calls == [1, 2, 3, 1]
