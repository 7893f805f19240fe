"""An exporter: each stored document's id and the word count the stage noted."""

from tocsin.export import Exporter


def write(store, out, flt=None, **options):
    n = 0
    out.write("doc_id\twords\n")
    for record in store.records():
        notes = [x for x in record.analysis.notes if x.startswith("wordcount: ")] if record.analysis else []
        words = notes[0].split()[1] if notes else ""
        out.write(f"{record.id}\t{words}\n")
        n += 1
    return n


exporter = Exporter(
    "wordcount-tsv", write, "word counts per document", media_type="text/tab-separated-values", suffix=".tsv"
)
