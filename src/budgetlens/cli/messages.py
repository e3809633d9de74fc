"""The command line's own error and status lines, in zh-CN and English, in one table.

Why one table: ``--lang en`` must give English on every line a command prints, its refusals
included, and a line written inline in a command ("未知格式 / unknown format") cannot follow the
option. Why zh lines keep their English: the default reader is a Chinese finance officer, but a
refusal is also what a researcher or an administrator pastes into a bug report, so the zh form is
``中文 / English`` (as these messages always were) and the en form English alone.
Reports' own words live in report/labels.py; commands with whole-sentence summaries keep them
beside the command (cli/ingest.py ``SUMMARY``), each with both languages.
"""

from __future__ import annotations

#: key → (zh, en); ``{name}`` fields are filled by :func:`say`.
MESSAGES: dict[str, tuple[str, str]] = {
    "no-inputs": ("没有找到可处理的文件", "no input files found"),
    "unknown-format": ("未知格式：{value}", "unknown format: {value}"),
    "unknown-format-of": ("未知格式：{value}（可选：{allowed}）",
                          "unknown format: {value} (one of: {allowed})"),
    "unknown-severity": ("未知级别：{value}（可选：{allowed}）",
                         "unknown severity: {value} (one of: {allowed})"),
    "one-of": ("应为 {allowed} 之一：{value}", "must be one of {allowed}: {value}"),
    "format-needs-output": ("{format} 格式须用 -o 指定输出文件", "the {format} format needs -o FILE"),
    "format-needs-module": ("{format} 格式需要 {module}：pip install 'budgetlens[{extra}]'",
                            "the {format} format needs {module}: pip install 'budgetlens[{extra}]'"),
    "annotate-one-file": ("--annotate 只能用于单个PDF文件，收到 {n} 个文件",
                          "--annotate takes exactly one PDF file, got {n}"),
    "annotate-not-pdf": ("--annotate 只能标注PDF文件，此文件不是PDF"
                         "（可用 --format xlsx 导出问题台账）",
                         "only a PDF can be annotated; this file is not a PDF (--format xlsx "
                         "exports the issue ledger)"),
    "annotated": ("已标注 {boxes} 处，{not_drawn} 条依据无页面位置未标注：{out}",
                  "{boxes} boxes annotated, {not_drawn} evidence without a place on a page: {out}"),
    "input-unreadable": ("无法读取输入", "the input could not be read"),
    "input-required": ("缺少输入", "INPUT is required"),
    "workbook-unwritable": ("无法写出模板工作簿：{path}：{reason}",
                            "cannot write the workbook: {path}: {reason}"),
    "generate-refused": ("审核发现 {n} 个错误，未输出（可用 --draft 输出草稿）",
                         "{n} audit errors: nothing written (--draft writes a draft)"),
    "supply-sheet": ("缺少的输入已写入 {path} 的“补充输入”表：填写“填写”列后以 --supply {path} 重新生成",
                     "the missing inputs are written to the supply sheet of {path}: fill its "
                     "value column and generate again with --supply {path}"),
    "supply-template": ("缺少的输入已作为模板打印于标准输出：存为文件（如 {name}）、填写后以 "
                        "--supply {name} 重新生成",
                        "the missing inputs are printed on stdout as a template: save it (e.g. "
                        "{name}), fill it and generate again with --supply {name}"),
    "corrected": ("已更正", "corrected"),
    "would-correct": ("可更正", "--correct would make"),
    "cut-syntax": ("切片应写作 维度:值：{value}", "a cut is dimension:value: {value}"),
    "dimensions": ("维度：{allowed}", "dimensions: {allowed}"),
    "sum-needs-measure": ("汇总需要 --measure", "sums need --measure"),
    "cannot-write": ("无法写出 {path}：{reason}", "cannot write {path}: {reason}"),
    "cannot-read": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "debug-no-file": ("文件不存在：{path}", "no such file: {path}"),
    "debug-not-pdf": ("{path} 是 {kind} 文件：页面视图只用于 PDF（表格可用 extract --format table 查看）",
                      "{path} is a {kind} file: the page view is for PDF pages (extract --format "
                      "table shows the tables of other formats)"),
    "debug-no-page": ("{path} 没有第 {page} 页（共 {count} 页）",
                      "{path} has no page {page} ({count} pages)"),
    "debug-page": ("{path} 第{page}页：{width}×{height} 磅，{chars} 个字符，{words} 个词，{lines} 行，"
                   "{rulings} 条表格线，本页找到 {tables} 个表格",
                   "{path} page {page}: {width}×{height} pt, {chars} chars, {words} words, "
                   "{lines} lines, {rulings} rulings, {tables} tables found on the page"),
    "debug-ruled": ("有线表", "ruled"),
    "debug-aligned": ("无线表（按文字对齐）", "aligned (no rulings)"),
    "debug-table": ("  表{n}（第{pages}页，{rows}行×{cols}列）识别为 {role}：{title}",
                    "  table {n} (page {pages}, {rows}×{cols}) recognised as {role}: {title}"),
    "debug-drawn": ("已画出：{out}", "drawn: {out}"),
}


def say(lang: str, key: str, **fields: object) -> str:
    """The message ``key`` in ``lang``: English alone for ``en``, ``中文 / English`` otherwise."""
    zh, en = MESSAGES[key]
    english = en.format(**fields)
    return english if lang == "en" else f"{zh.format(**fields)} / {english}"


def one(lang: str, key: str, **fields: object) -> str:
    """The message ``key`` in ``lang`` alone: for listings (``debug``'s page summary), where the
    two languages side by side would double every line."""
    zh, en = MESSAGES[key]
    return (en if lang == "en" else zh).format(**fields)


def both(zh: str, en: str, lang: str) -> str:
    """A message that arrives in both languages (a Diagnostic, a CodedError) in ``lang``'s form."""
    return en if lang == "en" else f"{zh} / {en}"
