"""What a finance officer supplies to a refused generation (``--supply``): the template the
refusal prints, filled. Shared by the tests of seed 002 (a reason nobody stated)."""

from __future__ import annotations

import re
from decimal import Decimal

#: the officer's words (what a finance officer would write; no figure of the source is in them)
OFFICER_REASON = "主要原因是信息化运维项目上年已完成验收，本年支付的运维费用减少。"


def fill(template: str, reasons: str, figures: dict[str, str]) -> str:
    """The template with every empty reason given ``reasons`` and the named figures filled."""
    out, section = [], ""
    for line in template.splitlines():
        head = re.match(r"^\[(.+)\]$", line)
        section = head.group(1) if head else section
        key = re.match(r'^"([^"]+)" = ""', line)
        if key and section.endswith("reasons"):
            line = f'"{key.group(1)}" = "{reasons}"'
        elif key and key.group(1) in figures:
            line = f'"{key.group(1)}" = {figures[key.group(1)]}'
        out.append(line)
    return "\n".join(out) + "\n"


def gap(result) -> dict[str, str]:
    """The figure that closes each failing sum the template asks about: stated − expected."""
    out = {}
    for f in result.gate.audit:
        terms = [m.key for m in result.missing if m.section == f"figures.{f.basis}" and f.message in m.why]
        if terms and f.stated and f.expected:
            out[terms[0]] = f"{Decimal(f.stated) - Decimal(f.expected):.2f}"
    return out
