"""scripts/rebuild_unseen.py: the pure parts of rebuilding the unseen set (issue #8's regression
set) — tiers, md5 status, how a tool's answer becomes a file, the manifests corpus_report reads —
on files and a git repository the test itself writes."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys

from .conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import rebuild_unseen  # noqa: E402

COLUMNS = ["file", "source_repo", "path", "commit_or_address", "region", "year", "kind", "level",
           "format", "unit", "pages", "md5", "batch", "rebuilt"]


def _row(file: str, source: str, md5: str = "", path: str = "", ref: str = "") -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(file=file, source_repo=source, md5=md5, path=path, commit_or_address=ref,
               region="某省", year="2024", kind="决算", level="部门", unit="某局")
    return row


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def test_the_tier_follows_the_source():
    assert rebuild_unseen.tier(_row("a.pdf", "calinchow-del/renwu")) == 1
    assert rebuild_unseen.tier(_row("b.txt", "changwu/pingtan-gov-zwgk-archive")) == 2
    assert rebuild_unseen.tier(_row("c.txt", "(search corpus: pages)")) == 3


def test_status_is_ok_changed_or_missing(tmp_path):
    (tmp_path / "same.txt").write_text("一、收入\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("一、收入 \n", encoding="utf-8")
    pages = "(search corpus: pages)"
    assert rebuild_unseen.status(_row("same.txt", pages, _md5("一、收入\n")), tmp_path) == "ok"
    # one space more is a different copy: reported, not taken for the recorded one
    assert rebuild_unseen.status(_row("other.txt", pages, _md5("一、收入\n")), tmp_path) == "changed"
    assert rebuild_unseen.status(_row("gone.txt", pages, _md5("x")), tmp_path) == "missing"
    # a present file with no recorded md5 cannot be called the same copy
    assert rebuild_unseen.status(_row("same.txt", pages, ""), tmp_path) == "changed"


def test_an_excerpt_gets_exactly_one_final_newline_a_stored_file_none():
    assert rebuild_unseen.excerpt_text("第一部分", 3) == "第一部分\n"
    assert rebuild_unseen.excerpt_text("第一部分\n", 3) == "第一部分\n"
    assert rebuild_unseen.excerpt_text("第一部分\n\n", 3) == "第一部分\n"
    # the leading empty line of an excerpt stays (batch 8's 河西务 starts with one)
    assert rebuild_unseen.excerpt_text("\n目 录", 3) == "\n目 录\n"
    assert rebuild_unseen.excerpt_text("标题: 说明\n正文", 2) == "标题: 说明\n正文"


def test_collected_texts_are_written_by_the_manifest_names_only(tmp_path):
    rows = [_row("batch9/p.txt", "(search corpus: pages)", _md5("收支总计5.5万元\n")),
            _row("s.txt", "changwu/pingtan-gov-zwgk-archive", _md5("本年收入1.2万元")),
            _row("a.pdf", "calinchow-del/renwu")]
    texts = {"batch9/p.txt": "收支总计5.5万元", "s.txt": "本年收入1.2万元",
             "a.pdf": "not a blob", "unknown.txt": "x"}
    written = rebuild_unseen.write_texts(rows, texts, tmp_path)
    assert sorted(written) == ["batch9/p.txt", "s.txt"]
    assert [rebuild_unseen.status(r, tmp_path) for r in rows] == ["ok", "ok", "missing"]
    assert not (tmp_path / "unknown.txt").exists()


def test_tier1_is_git_show_of_the_recorded_commit(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git + ["init", "-q"], check=True)
    (repo / "预算数据").mkdir()
    (repo / "预算数据" / "x.pdf").write_bytes(b"%PDF-1.4 first")
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "one"], check=True)
    first = subprocess.run(git + ["rev-parse", "HEAD"], capture_output=True, text=True,
                           check=True).stdout.strip()
    (repo / "预算数据" / "x.pdf").write_bytes(b"%PDF-1.4 second")
    subprocess.run(git + ["commit", "-qam", "two"], check=True)
    row = _row("batch6/x.pdf", "calinchow-del/renwu",
               hashlib.md5(b"%PDF-1.4 first").hexdigest(), "预算数据/x.pdf", first)
    dest = tmp_path / "unseen"
    assert rebuild_unseen.rebuild_tier1([row], dest, repo / ".git") == ["batch6/x.pdf"]
    assert (dest / "batch6" / "x.pdf").read_bytes() == b"%PDF-1.4 first"
    # a row already present and right is not fetched again
    assert rebuild_unseen.rebuild_tier1([row], dest, repo / ".git") == []


def test_manifests_hold_the_present_rows_top_level_and_per_batch(tmp_path):
    pages = "(search corpus: pages)"
    rows = [_row("top.txt", pages), _row("gone.txt", pages),
            _row("batch5/b.txt", pages), _row("batch5/gone.txt", pages)]
    (tmp_path / "batch5").mkdir()
    (tmp_path / "top.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "batch5" / "b.txt").write_text("y\n", encoding="utf-8")
    counts = rebuild_unseen.write_manifests(rows, tmp_path)
    assert counts == {"top": 1, "batch5": 1}
    with open(tmp_path / "manifest.csv", encoding="utf-8") as fh:
        top = list(csv.DictReader(fh))
    assert [r["file"] for r in top] == ["top.txt"] and list(top[0]) == COLUMNS
    with open(tmp_path / "batch5" / "manifest.csv", encoding="utf-8") as fh:
        batch = list(csv.DictReader(fh))
    assert batch == [{"file": "b.txt", "region": "某省", "year": "2024", "kind": "决算",
                      "level": "部门", "unit": "某局", "has_tables": "no"}]


def test_a_missing_row_says_which_tool_to_ask(capsys, tmp_path):
    rows = [_row("s.txt", "changwu/pingtan-gov-zwgk-archive", "m", "pingtan/page.txt", "abc"),
            _row("p.txt", "(search corpus: pages)", "m", "", "http://example.gov.cn/a.html")]
    tally = rebuild_unseen.report(rows, tmp_path, todo=True)
    out = capsys.readouterr().out
    assert tally == {"ok": 0, "changed": 0, "missing": 2}
    assert "read_file repo=changwu/pingtan-gov-zwgk-archive path=pingtan/page.txt commit=abc" in out
    assert "search pages '某局 2024 决算'" in out and "http://example.gov.cn/a.html" in out
