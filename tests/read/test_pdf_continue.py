"""Whether a page part continues a table (read/pdf_continue.py), on column edges and cell texts in
the shapes real tables print them (the cases the docstrings name: a table shifted by another page
margin, 杭州 表5's label column 4.6 points wider, a figure cut at the page foot). Each decision
with its near miss."""

from __future__ import annotations

from budgetlens.read.pdf_continue import (amount_places, completes_amount, edge_map,
                                          loose_edge_map, one_edge_moved)

EDGES = [40.0, 120.0, 300.0, 380.0, 460.0, 540.0]


def test_ruled_edges_match_after_a_uniform_shift_of_the_page_margin():
    assert edge_map(EDGES, EDGES) == [0, 1, 2, 3, 4, 5]
    shifted = [x + 12.0 for x in EDGES]
    assert edge_map(EDGES, shifted) == [0, 1, 2, 3, 4, 5]
    # a part with one column fewer maps onto the table's edges it lies on
    assert edge_map(EDGES, [40.0, 120.0, 380.0, 460.0, 540.0]) == [0, 1, 3, 4, 5]
    assert edge_map(EDGES, [x + 30.0 for x in EDGES]) is None  # too far to be a margin
    assert edge_map(EDGES, [40.0, 150.0, 300.0, 380.0, 460.0, 540.0]) is None


def test_one_inner_edge_may_move_but_not_an_outer_one_or_two():
    wider = [40.0, 124.6, 300.0, 380.0, 460.0, 540.0]  # the label column fitted to its text
    assert one_edge_moved(EDGES, wider) == [0, 1, 2, 3, 4, 5]
    assert one_edge_moved(EDGES, [40.0, 124.6, 305.0, 380.0, 460.0, 540.0]) is None
    assert one_edge_moved(EDGES, [40.0, 120.0, 300.0, 380.0, 460.0, 560.0]) is None


def test_unruled_edges_may_move_within_their_columns():
    moved = [40.0, 150.0, 300.0, 380.0, 460.0, 540.0]  # 30 points of a 180-point column
    assert loose_edge_map(EDGES, moved) == [0, 1, 2, 3, 4, 5]
    assert loose_edge_map(EDGES, [40.0, 120.0, 300.0, 430.0, 460.0, 540.0]) is None
    assert loose_edge_map(EDGES, EDGES[:-1]) is None


def test_a_figure_cut_at_the_page_foot_is_completed_only_when_it_could_not_stand_alone():
    assert amount_places("12,437.36") == 2 and amount_places("合计") is None
    assert completes_amount("12,437.3", "6", 2)
    assert not completes_amount("12,437.36", "6", 2)  # whole on its own: a row of its own
    assert not completes_amount("12,437.3", "6万", 2)
    assert not completes_amount("12,437.3", "6", None)
