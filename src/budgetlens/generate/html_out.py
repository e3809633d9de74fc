"""HTML of the document model (Jinja2, autoescaped): real tables with rowspan/colspan headers."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .doc import DocModel
from .text_out import section_heading, table_title


def render_html(model: DocModel) -> str:
    env = Environment(loader=PackageLoader("budgetlens.generate", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    return env.get_template("document.html.j2").render(model=model, heading=section_heading,
                                                        title=table_title)


def write_html(model: DocModel, path: Path) -> None:
    path.write_text(render_html(model), encoding="utf-8")
