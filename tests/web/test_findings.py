"""Findings as a reviewer reads them (web/findings.py): grouped by the table row their evidence
points at, each group linked to its row."""

from __future__ import annotations

import re


def test_findings_are_grouped_by_the_row_they_point_at(site, raw):
    doc_id, n = raw.execute("SELECT id, n_findings FROM documents ORDER BY n_findings DESC LIMIT 1"
                            ).fetchone()
    keys = set()
    for (finding,) in raw.execute("SELECT id FROM findings WHERE document_id = ?", (doc_id,)):
        ev = raw.execute("SELECT table_idx, row, page, line FROM evidence WHERE finding_id = ? "
                         "ORDER BY position", (finding,)).fetchall()
        in_table = [(t, r) for t, r, _p, _l in ev if t is not None and r is not None]
        on_line = [(p, ln) for _t, _r, p, ln in ev if ln is not None]
        keys.add(("table", *in_table[0]) if in_table else ("text", *on_line[0]) if on_line
                 else ("document",))
    body = site.get(f"/documents/{doc_id}").text
    assert len(re.findall(r'<li class="group sev-', body)) == len(keys) < n
    assert len(re.findall(r'<li class="finding sev-', body)) == n
    # a group in a table row links to that row of the rebuilt table
    link = re.search(rf'class="group-row" href="/documents/{doc_id}\?table=(\d+)#row-(\d+)"', body)
    if link:
        table = site.get(f"/documents/{doc_id}", params={"table": link.group(1)}).text
        assert f'<tr id="row-{link.group(2)}">' in table
