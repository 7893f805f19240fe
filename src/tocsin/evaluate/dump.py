"""Run the pipeline over files and print one document record per line (for scoring).

usage: python -m tocsin.evaluate.dump PATH... > records.jsonl
"""

from __future__ import annotations

import sys

from tocsin.article import ReadError
from tocsin.pipeline import Pipeline
from tocsin.sources import read


def main(argv: list[str]) -> int:
    pipeline = Pipeline()
    articles = (a for a in read(argv) if not isinstance(a, ReadError))
    for doc in pipeline.process(articles):
        print(doc.record.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
