"""One batch with everything that used to stop or lose a run: a file name that is not
UTF-8, two links that point at each other, a WARC whose record bytes were damaged, a
3 MB article and good files, ingested as `tocsin ingest FOLDER` does (progress and end
report included). Every good file is stored, every bad one reported by name, the run
finishes, and the huge article is stored whole with its analysis bounded (the bound noted).
Its cost against ten articles of a tenth of its size is measured by scripts/bench_limits.py."""

from __future__ import annotations

import io
import os
from pathlib import Path

from rich.console import Console
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tocsin.progress import ingest_with_progress
from tocsin.sections import Limits
from tocsin.store import Store
from tocsin.store.check import check

GOOD = [
    "Khorog, 4 March 2025 (Invented Wire) - Tajik border troops said on Tuesday they had detained two men "
    "carrying weapons across the river near the village at night.",
    "Osh, 5 March 2025 (Invented Herald) - Kyrgyz and Uzbek officials met in Osh on Wednesday to discuss water "
    "sharing along the valley and agreed to meet again in the spring.",
]
PARAGRAPH = (
    "Officials in the valley said the convoy reached the checkpoint after the bridge reopened, and reporters "
    "counted {n} trucks waiting at the pass before the market opened on the following morning."
)


def damaged_warc(path: Path) -> None:
    """An archive of two pages; a byte inside the first page's body is changed afterwards."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    pages = ("<p>First invented page about the river.</p>", "<p>" + GOOD[1].replace("Osh,", "Kulob,") + "</p>")
    for i, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(f"<html><body>{body}</body></html>".encode())
        url = f"https://invented.example/{i}"
        writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=headers))
    data = bytearray(buffer.getvalue())
    at = data.index(b"First invented")
    data[at] = ord("W")
    path.write_bytes(bytes(data))


def test_a_hostile_batch_stores_every_good_file(tmp_path, pipeline):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD[0], encoding="utf-8")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    bad_name = os.fsencode(folder) + b"/m-caf\xe9.txt"  # Latin-1 bytes in a file name
    with open(bad_name, "wb") as fh:
        fh.write(GOOD[0].replace("two men", "three men").encode())
    damaged_warc(folder / "n-archive.warc")
    huge = "\n\n".join(PARAGRAPH.format(n=i) for i in range(3_000_000 // len(PARAGRAPH)))
    (folder / "o-huge.txt").write_text("Dushanbe, 6 March 2025 (Invented Ledger) - " + huge, encoding="utf-8")
    (folder / "z-good.txt").write_text(GOOD[1], encoding="utf-8")

    saved = pipeline.config.limits
    pipeline.config.limits = Limits(time_budget=2.0)
    err, out = Console(record=True, width=400, force_terminal=False), Console(record=True, width=400)
    try:
        with Store.open(str(tmp_path / "batch.db")) as store:
            report = ingest_with_progress([str(folder)], store, pipeline, err, out)
            records = {r.source.path.rsplit("/", 1)[-1]: r for r in store.records()}
            assert check(store) == []
    finally:
        pipeline.config.limits = saved

    failed = {f.item.rsplit("/", 1)[-1].split("#")[0]: f.reason for f in report.failed}
    assert "loop" in failed["loop-a.txt"] and "loop" in failed["loop-b.txt"]
    assert "n-archive.warc" in failed and "digest" in failed["n-archive.warc"]
    assert {"a-good.txt", "z-good.txt", "o-huge.txt", "m-caf\\xe9.txt"} <= set(records)
    assert any("Kulob" in r.text for r in records.values())  # the undamaged record of the archive
    assert any("not valid UTF-8" in w.reason for w in report.warnings)
    said = err.export_text()  # the end report names each bad item and why
    for name in ("loop-a.txt: symbolic link loop", "loop-b.txt: symbolic link loop", "n-archive.warc#"):
        assert f"failed {folder}/{name}" in said
    assert "digest does not match" in said
    assert f"stored with a warning {folder}/m-caf\\xe9.txt: the file name is not valid UTF-8" in said
    assert out.export_text().startswith(f"stored {len(records)}, skipped as duplicate 0, failed 3")
    huge_record = records["o-huge.txt"]
    assert len(huge_record.text) > 2_900_000
    notes = " ".join(huge_record.analysis.notes)
    assert "sections" in notes and "time budget" in notes
