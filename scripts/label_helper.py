#!/usr/bin/env python3
"""Labelling helper for the accuracy benchmark: propose key-fact labels and check each on the page.

Why: every label must be confirmed on the page independently of budgetlens. budgetlens only
*proposes* candidates; this helper reads the page text itself (pdfplumber for PDF, the file for
text, lxml for HTML — not budgetlens's reader) and keeps a candidate only when the number as
printed is on the cited page, on a line that also carries the row label of the measure (tables) or
after a keyword of the measure in the same sentence (text). The reviewer then reads the printed
quote of every label and the keyword lines the proposal did not cover, and edits the file.

Usage:
  python scripts/label_helper.py draft <file> --id DOC_ID --region R --year Y --kind budget|final
         --level department|unit [--pages 3,5-9]      → benchmark/labels/DOC_ID.toml (draft)
  python scripts/label_helper.py page <file> PAGE [--grep WORD]   → the page text (pdfplumber)
  python scripts/label_helper.py add DOC_ID 'measure|basis|page|where|printed[|元][|description]'...
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path

from bench_labels import LABELS_DIR, SHARED, toml_str

CACHE = Path("/tmp/budgetlens_bench_pages")
TOTALS = ("income.grand_total", "income.total", "income.fiscal", "income.fiscal.general",
          "income.fiscal.gov_fund", "income.fiscal.soe_capital", "income.business",
          "income.operating", "income.other", "income.carryover",
          "income.fiscal.total_with_carryover", "expense.grand_total", "expense.total",
          "expense.basic", "expense.project", "expense.fiscal.total", "expense.fiscal.grand_total",
          "expense.general.total", "expense.general.basic", "expense.general.project",
          "expense.general.basic.personnel", "expense.general.basic.public",
          "expense.gov_fund.total", "expense.soe_capital.total", "carryforward.end")
THREE = ("three_public.total", "three_public.overseas", "three_public.vehicle",
         "three_public.vehicle_purchase", "three_public.vehicle_operation",
         "three_public.reception")
COUNTS = ("assets.vehicles", "staff.authorized", "staff.actual", "three_public.vehicle.fleet",
          "three_public.overseas.groups", "three_public.overseas.people",
          "three_public.reception.batches", "three_public.reception.people")
LEVEL_BASES = ("current", "prior", "initial_budget", "adjusted_budget", "prior_execution")
# Row labels / sentence keywords of each measure, written from the templates (standards.md), not
# from budgetlens's lexicon: the check must not share the tool's mistakes.
KEYWORDS = {
    "income.grand_total": "收入总计|总计|收入预算总计|收入总计",
    "income.total": "本年收入合计|收入合计|本年收入|合计|收入预算|当年预算收入|总计|小计",
    "income.fiscal": "财政拨款", "income.fiscal.general": "一般公共预算",
    "income.fiscal.gov_fund": "政府性基金", "income.fiscal.soe_capital": "国有资本经营",
    "income.business": "事业收入", "income.operating": "经营收入", "income.other": "其他收入|其他资金",
    "income.carryover": "上年结转|年初结转|结转", "income.fiscal.total_with_carryover": "总计",
    "expense.grand_total": "支出总计|总计|支出预算总计",
    "expense.total": "本年支出合计|支出合计|本年支出|合计|支出预算|当年预算支出|总计|小计",
    "expense.basic": "基本支出", "expense.project": "项目支出",
    "expense.fiscal.total": "财政拨款|合计|小计", "expense.fiscal.grand_total": "总计",
    "expense.general.total": "一般公共预算|合计|小计|总计",
    "expense.general.basic": "基本支出|合计|小计|总计", "expense.general.project": "项目支出|合计|小计|总计",
    "expense.general.basic.personnel": "人员经费|工资福利|合计|总计",
    "expense.general.basic.public": "公用经费|商品和服务|合计|总计",
    "expense.gov_fund.total": "政府性基金|合计|总计", "expense.soe_capital.total": "国有资本|合计|总计",
    "carryforward.end": "结转下年|年末结转",
    "three_public.total": "三公|合计|小计", "three_public.overseas": "出国",
    "three_public.vehicle": "公务用车|车", "three_public.vehicle_purchase": "购置",
    "three_public.vehicle_operation": "运行", "three_public.reception": "接待",
    "admin_operating_cost": "机关运行经费|运行经费",
    "assets.vehicles": "车辆|公务用车|车", "staff.authorized": "编制", "staff.actual": "实有|在职",
    "three_public.vehicle.fleet": "保有|车辆|公务用车", "three_public.overseas.groups": "团组|组",
    "three_public.overseas.people": "人次|出国", "three_public.reception.batches": "批次|接待",
    "three_public.reception.people": "人次|接待",
}
SCAN = re.compile(r"因公出国|公务接待|公务用车|三公|机关运行经费|收入总计|支出总计|本年收入合计|"
                  r"本年支出合计|人员经费|公用经费|保有|编制")


def family_of(measure: str, basis: str) -> str:
    if basis not in LEVEL_BASES:
        return "changes"
    if measure.startswith("three_public.") and measure in THREE:
        return "three_public"
    if measure == "admin_operating_cost":
        return "admin_cost"
    if measure in COUNTS:
        return "counts"
    if re.match(r"^expense\.general\.function\.2\d\d$", measure):
        return "function"
    return "table_totals"


def is_key(measure: str, basis: str) -> bool:
    return (measure in TOTALS or measure in THREE or measure in COUNTS
            or measure == "admin_operating_cost"
            or bool(re.match(r"^expense\.general\.function\.2\d\d$", measure)))


def page_texts(path: Path) -> list[str]:
    """The text of every page, read independently of budgetlens (cached in /tmp)."""
    CACHE.mkdir(exist_ok=True)
    cache = CACHE / (path.name + ".json")
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    if path.suffix.lower() == ".pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            pages = [(p.extract_text() or "") for p in pdf.pages]
    elif path.suffix.lower() in (".html", ".htm"):
        from lxml import html

        pages = ["\n".join(t.strip() for t in html.fromstring(path.read_bytes()).itertext()
                           if t.strip())]
    else:
        pages = [path.read_text(encoding="utf-8", errors="replace")]
    cache.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return pages


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text).replace("，", ",")


def _has_number(haystack: str, printed: str) -> bool:
    num = re.escape(_norm(printed))
    return re.search(rf"(?<![\d.,]){num}(?![\d]|\.\d|,\d{{3}})", haystack) is not None


def printed_in_sentence(sentence: str, value: Decimal, kind: str) -> str:
    """The number as printed in a sentence for a fact value (万元, %, count), or ''."""
    target = abs(value)
    for m in re.finditer(r"\d[\d,，]*(?:\.\d+)?", sentence):
        s = m.group(0).replace("，", ",").rstrip(",")
        try:
            v = Decimal(s.replace(",", ""))
        except Exception:
            continue
        if v == target or v / 10000 == target:
            return s
    return ""


def _row_context(lines: list[str], i: int) -> str:
    """The line, preceded by the nearest labelled line when it has no label of its own (text
    tables flattened one cell a line)."""
    line = lines[i].strip()
    if re.search(r"[\u4e00-\u9fff]", line):
        return line
    for j in range(i - 1, max(i - 4, -1), -1):
        if re.search(r"[\u4e00-\u9fff]", lines[j]):
            return lines[j].strip() + " … " + line
    return line


# The last of these printed before a sentence's number names what the number is; it must agree with
# the measure (a 款/项 figure is no total, 购置及运行费 is not 运行维护费).
SUBJECTS = [("sub", r"（款）|（项）|\(款\)|\(项\)|款）|项）"), ("tp_vehicle", r"购置及运行(?:维护|维修)?费?|购置和运行(?:维护)?费?"),
            ("tp_purchase", r"购置费|购置"), ("tp_operation", r"运行维护|运行费"),
            ("tp_overseas", r"出国"), ("tp_reception", r"接待"), ("admin", r"机关运行经费"),
            ("tp_total", r"三公"), ("meeting", r"会议费"), ("training", r"培训费"),
            ("basic", r"基本支出"), ("project", r"项目支出"), ("personnel", r"人员经费"),
            ("public", r"公用经费"), ("procurement", r"政府采购"), ("travel", r"差旅费")]
ALLOWED = {"three_public.total": {"tp_total", None}, "three_public.overseas": {"tp_overseas"},
           "three_public.vehicle": {"tp_vehicle"}, "three_public.vehicle_purchase": {"tp_purchase"},
           "three_public.vehicle_operation": {"tp_operation"},
           "three_public.reception": {"tp_reception"}, "admin_operating_cost": {"admin"},
           "expense.basic": {"basic"}, "expense.general.basic": {"basic"},
           "expense.project": {"project"}, "expense.general.project": {"project"},
           "expense.general.basic.personnel": {"personnel"},
           "expense.general.basic.public": {"public"}}


def last_subject(clause: str):
    """The subject printed last (by end position; the longer match wins a tie)."""
    best, key = None, (-1, 0)
    for name, rx in SUBJECTS:
        for m in re.finditer(rx, clause):
            if (m.end(), m.end() - m.start()) > key:
                best, key = name, (m.end(), m.end() - m.start())
    return best


def subject_agrees(measure: str, clause: str) -> bool:
    if measure.startswith("expense.general.function."):
        return last_subject(clause) not in ("sub",)
    allowed = ALLOWED.get(measure, {None, "tp_total"} if measure.startswith("three_public")
                          else {None})
    return last_subject(clause) in allowed


def confirm(fact, pages: list[str]) -> tuple[bool, str, str]:
    """(confirmed, printed, quote): the printed number on the cited page with the measure's
    keyword on its line (table) or before it in its sentence (text)."""
    page = fact.source.page or 1
    if page < 1 or page > len(pages):
        return False, "", "page out of range"
    keys = KEYWORDS.get(fact.measure)
    if fact.measure.startswith("expense.general.function."):
        keys = fact.measure.rsplit(".", 1)[1]
    if fact.origin == "table":
        printed = fact.source.text.strip()
        lines = pages[page - 1].splitlines()
        header_ok = fact.measure in THREE and "三公" in _norm(pages[page - 1])
        for i, line in enumerate(lines):
            if not _has_number(re.sub(r"[\s\u3000]+", " ", line), printed):
                continue
            context = _row_context(lines, i)
            if keys is None or re.search(keys, _norm(context)) or header_ok:
                return True, printed, context
        return False, printed, "not on a line with its row label"
    printed = printed_in_sentence(fact.source.text, fact.value, fact.kind)
    if not printed:
        return False, "", "number not found in the sentence"
    text = _norm(pages[page - 1])
    for m in re.finditer(re.escape(_norm(printed)), text):
        start = max(0, text.rfind("。", 0, m.start()) + 1, m.start() - 160)
        clause = text[start:m.end() + 3]
        if (keys is None or re.search(keys, clause)) and subject_agrees(fact.measure,
                                                                        text[start:m.start()]):
            return True, printed, clause[-120:]
    return False, printed, "not after a keyword of the measure in its sentence"


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _where(fact, disclosure) -> str:
    if fact.origin == "table" and fact.source.table is not None:
        info = next((t for t in disclosure.tables if t.index == fact.source.table), None)
        title = (info.title if info else "table").split()[-1][-40:]
        return f"{title} / {fact.label or fact.measure}"
    return "说明 sentence"


def draft(args) -> None:
    from budgetlens.pipeline import process

    path = Path(args.file).resolve()
    pages = page_texts(path)
    import pickle

    pk = CACHE / (path.name + ".disclosure.pkl")
    if pk.exists():
        disclosure = pickle.loads(pk.read_bytes())
    else:
        disclosure = process(str(path), audit=False).disclosure
        pk.write_bytes(pickle.dumps(disclosure))
    wanted = _page_set(args.pages)
    seen, entries, rejected = set(), [], []
    for f in disclosure.facts:
        if ":unit:" in f.scope or not is_key(f.measure, f.basis) or f.blank or (
                f.origin == "text" and f.value == 0 and not printed_in_sentence(
                    f.source.text, f.value, f.kind)):
            continue
        if wanted and (f.source.page or 1) not in wanted:
            continue
        key = (f.measure, f.basis, f.source.page, str(f.value))
        if key in seen:
            continue
        seen.add(key)
        ok, printed, quote = confirm(f, pages)
        (entries if ok else rejected).append((f, printed, quote))
    values: dict[tuple, set] = {}
    for f, printed, _ in entries:
        if f.origin == "table":
            values.setdefault((f.measure, f.basis, f.source.page), set()).add(f.value)
    ambiguous = {k for k, v in values.items() if len(v) > 1}
    for f, printed, _ in [e for e in entries if (e[0].measure, e[0].basis, e[0].source.page)
                          in ambiguous and e[0].origin == "table"]:
        print(f"  AMBIGUOUS (dropped, label by hand) p{f.source.page} {f.measure} {f.basis} "
              f"{printed}")
    entries = [e for e in entries if e[0].origin != "table" or
               (e[0].measure, e[0].basis, e[0].source.page) not in ambiguous]
    rel = path.relative_to(SHARED.resolve())
    out = [f"# Labels of {rel} — proposed by scripts/label_helper.py, each confirmed on the page",
           "# text (pdfplumber) and reviewed by hand; see docs/accuracy.md.", "[document]",
           f"id = {toml_str(args.id)}", f"file = {toml_str(str(rel))}",
           f"region = {toml_str(args.region)}", f"year = {args.year}",
           f"kind = {toml_str(args.kind)}", f"level = {toml_str(args.level)}",
           f"pages = {len(pages)}", ""]
    for f, printed, quote in entries:
        number = abs(Decimal(printed.replace(",", "").replace("，", "") or "0"))
        printed = printed.lstrip("-−")
        unit = "元" if number != abs(f.value) and number / 10000 == abs(f.value) else ""
        value = -number if f.value < 0 else number
        value = value / 10000 if unit else value
        out += ["[[fact]]", f"measure = {toml_str(f.measure)}", f"basis = {toml_str(f.basis)}",
                f"family = {toml_str(family_of(f.measure, f.basis))}",
                f"page = {f.source.page or 1}", f"origin = {toml_str(f.origin)}",
                f"where = {toml_str(_where(f, disclosure))}",
                f"printed = {toml_str(printed)}", f"value = {toml_str(_plain(value))}",
                *([f"unit = {toml_str(unit)}"] if unit else []), 'checked = "page text"',
                f"quote = {toml_str(quote[:160])}", ""]
    have = {(f.measure, f.basis, f.source.page or 1, printed.replace(",", ""))
            for f, printed, _ in entries}
    for measure, basis, page, printed, clause in independent(pages, args.kind):
        if (measure, basis, page, printed.replace(",", "")) in have:
            continue
        have.add((measure, basis, page, printed.replace(",", "")))
        out += ["[[fact]]", f"measure = {toml_str(measure)}", f"basis = {toml_str(basis)}",
                f"family = {toml_str(family_of(measure, basis))}", f"page = {page}",
                'origin = "text"', 'where = "说明 sentence"', f"printed = {toml_str(printed)}",
                f"value = {toml_str(printed.replace(',', ''))}",
                'checked = "page text (independent sentence pattern)"',
                f"quote = {toml_str(clause[-120:])}", ""]
    target = LABELS_DIR / f"{args.id}.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out), encoding="utf-8")
    print(f"{target}: {len(entries)} confirmed, {len(rejected)} not confirmed")
    for f, printed, why in rejected:
        print(f"  NOT CONFIRMED p{f.source.page} {f.measure} {f.basis} {f.value} [{printed}] "
              f"{why} | {f.source.text[:90]}")
    _scan(pages, entries, wanted)


# Sentence patterns of the key 三公 / 机关运行经费 figures, independent of budgetlens: the figures a
# reader looks for first, proposed even when the tool emitted nothing (those are its misses).
_NUM = r"(\d[\d,]*(?:\.\d+)?)万元"
PATTERNS = [("admin_operating_cost", r"机关运行经费"), ("three_public.overseas", r"因公出国[（(]境[）)]费?"),
            ("three_public.reception", r"公务接待费?"),
            ("three_public.vehicle", r"公务用车购置及运行(?:维护)?费"),
            ("three_public.vehicle_purchase", r"公务用车购置费"),
            ("three_public.vehicle_operation", r"公务用车运行(?:维护)?费"),
            ("three_public.total", r"“三公”经费|三公经费")]


def independent(pages: list[str], kind: str) -> list[tuple]:
    """(measure, basis, page, printed, clause) for every pattern hit: the keyword, then within
    the same clause (no ，；。 and no other figure) an amount in 万元."""
    out = []
    for i, page in enumerate(pages, 1):
        text = _norm(page)
        for measure, rx in PATTERNS:
            for m in re.finditer(rf"({rx})([^，,。；;\d]{{0,16}}?){_NUM}", text):
                gap = m.group(2)
                if re.search(r"增|减|比|较|上年|占|其中|以上|以下|控制", gap):
                    continue
                if measure == "three_public.vehicle_operation" and "购置及" in text[m.start() - 3:m.start() + 6]:
                    continue
                basis = "current"
                if kind == "final" and "预算" in gap and "决算" not in gap:
                    basis = "initial_budget"
                out.append((measure, basis, i, m.group(3), text[max(0, m.start() - 10):m.end()]))
    return out


def _scan(pages: list[str], entries, wanted) -> None:
    """Keyword lines with figures that no confirmed label quotes: candidates for misses."""
    quoted = {(f.source.page, printed) for f, printed, _ in entries}
    for i, text in enumerate(pages, 1):
        if wanted and i not in wanted:
            continue
        for line in text.splitlines():
            if not SCAN.search(line) or not re.search(r"\d", line):
                continue
            nums = re.findall(r"\d[\d,]*\.?\d*", line)
            if nums and not any((i, n) in quoted for n in nums):
                print(f"  SCAN p{i}: {line.strip()[:150]}")


def _page_set(spec: str | None) -> set[int]:
    out: set[int] = set()
    for part in (spec or "").split(","):
        if "-" in part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
        elif part.strip():
            out.add(int(part))
    return out


def show_page(args) -> None:
    pages = page_texts(Path(args.file).resolve())
    for n in _page_set(args.page):
        print(f"===== page {n} / {len(pages)}")
        for line in pages[n - 1].splitlines():
            if not args.grep or re.search(args.grep, line):
                print(line)


def add(args) -> None:
    """Append hand-read labels: each spec is
    ``measure|basis|page|where|printed[|元][|description]`` (family from the measure and basis,
    value from the printed number; a leading - or 减少 in where makes a change negative)."""
    target = LABELS_DIR / f"{args.id}.toml"
    out = []
    for spec in args.specs:
        parts = spec.split("|")
        measure, basis, page, where, printed = parts[:5]
        unit = "元" if len(parts) > 5 and parts[5] == "元" else ""
        desc = parts[6] if len(parts) > 6 else (parts[5] if len(parts) > 5 and not unit else "")
        number = Decimal(printed.replace(",", "").lstrip("-"))
        if printed.startswith("-"):
            number = -number
        value = number / 10000 if unit else number
        family = (family_of(measure, basis) if measure else
                  ("changes" if basis not in LEVEL_BASES else args.family))
        out += ["[[fact]]", f"measure = {toml_str(measure)}", f"basis = {toml_str(basis)}",
                f"family = {toml_str(family)}", f"page = {int(page)}",
                f"origin = {toml_str('text' if '说明' in where or '句' in where else 'table')}",
                f"where = {toml_str(where)}", f"printed = {toml_str(printed.lstrip('-'))}",
                f"value = {toml_str(_plain(value))}", *([f"unit = {toml_str(unit)}"] if unit else []),
                *([f"description = {toml_str(desc)}"] if desc else []),
                'checked = "page text (read by hand)"', ""]
    with target.open("a", encoding="utf-8") as fh:
        fh.write("\n" + "\n".join(out))
    print(f"{target}: {len(args.specs)} labels added")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draft")
    d.add_argument("file")
    for name in ("--id", "--region", "--kind", "--level"):
        d.add_argument(name, required=True)
    d.add_argument("--year", type=int, required=True)
    d.add_argument("--pages")
    p = sub.add_parser("page")
    p.add_argument("file")
    p.add_argument("page")
    p.add_argument("--grep")
    a = sub.add_parser("add")
    a.add_argument("id")
    a.add_argument("specs", nargs="+")
    a.add_argument("--family", default="table_totals")
    args = ap.parse_args()
    {"draft": draft, "page": show_page, "add": add}[args.cmd](args)


if __name__ == "__main__":
    main()
