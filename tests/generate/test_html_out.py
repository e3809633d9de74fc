"""The document model as HTML (generate/html_out.py): every table with its title and its merged
headers as colspan, and markup in the inputs shown as text (autoescaped). Near miss: a unit name
without markup is printed as it is."""

from __future__ import annotations

from budgetlens.generate.html_out import render_html, write_html

from .models import synthetic_model


def test_synthetic_html_holds_the_tables(synthetic_generated):
    model = synthetic_generated.model
    html = synthetic_generated.written["html"].read_text(encoding="utf-8")
    for t in model.tables():
        assert t.title in html
        if any(c.colspan > 1 for c in t.cells if c.header):
            assert "colspan=" in html


def test_markup_in_the_inputs_is_shown_as_text(tmp_path):
    def hostile(data: dict) -> None:
        data["metadata"]["unit"] = '示例市<script>alert("u")</script>局'

    html = render_html(synthetic_model(tmp_path, hostile))
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    plain = synthetic_model(tmp_path)
    write_html(plain, tmp_path / "plain.html")
    assert plain.title in (tmp_path / "plain.html").read_text(encoding="utf-8")
