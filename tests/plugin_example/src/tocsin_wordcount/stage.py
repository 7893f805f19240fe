"""A stage that notes how many words each article has, after the events stage."""

from tocsin.registry import stage


class WordCount:
    name = "wordcount"

    def __call__(self, doc) -> None:
        doc.record.analysis.notes.append(f"wordcount: {len(doc.record.text.split())} words")


@stage("wordcount", requires=("text",), after="events")
def make(config, language):
    return WordCount()
