"""Threat assessments in Russian text: who sees a threat, from whom, of which kinds.

Vocabulary: ``data/ru/threats.yaml``. A sentence is an assessment when a threat word occurs
in it ("угроза", "обеспокоенность", "обострится", "проникнуть", "вербовать") and someone
holds it: the speaker the sentence is attributed to (``record.quotes``), or the subject of
a verb of saying or fearing. A warning in the article's own voice is not coded. The source
is the armed or criminal actors of the sentence, else a state named after "из", "с
территории" or "с <state>"; the target the other states and peoples named; kinds and level
come from the sentence's words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Span

from tocsin.document import Document
from tocsin.knowledge.russian import plain
from tocsin.record import THREAT_LEVELS, Threat, ThreatKind, threat_kind, threat_level
from tocsin.registry import stage
from tocsin.stages.evidence import evidence, sentences

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

HOSTILE = {"REB", "CRM"}


class RussianThreats:
    name = "threats_ru"

    def __init__(self, vocab: dict[str, Any]):
        self.cues = {plain(w) for w in vocab.get("cues") or []}
        self.kinds = {threat_kind(k): {plain(w) for w in ws} for k, ws in (vocab.get("kinds") or {}).items()}
        self.levels = {k: {plain(w) for w in ws} for k, ws in (vocab.get("levels") or {}).items()}
        self.default_level = threat_level(vocab.get("default_level", "concern"))
        self.armed_kind = threat_kind(vocab.get("armed_kind", "terrorism"))
        self.holder_verbs = {plain(w) for w in vocab.get("holder_verbs") or []}

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not len(doc.spacy):
            return
        threats = []
        previous: Span | None = None
        for sent in sentences(doc.spacy):
            words = {plain(t.lemma_) for t in sent} | {plain(t.text) for t in sent}
            before, previous = previous, sent
            if not words & self.cues:
                continue
            holder = self.holder(doc, sent) or (self.said_in(doc, before) if before is not None else [])
            if not holder:
                continue
            actors = self.actors(doc, sent)
            source = [a for a in actors if (found := doc.record.actor(a)) is not None and found.sector in HOSTILE]
            source = source or self.origin(doc, sent)
            target = [a for a in actors if a not in source and a not in holder]
            kinds: list[ThreatKind] = [k for k, ws in self.kinds.items() if words & ws]
            if not kinds and source:
                kinds = [self.armed_kind]
            if not kinds:
                continue
            level = next(
                (lv for lv in reversed(THREAT_LEVELS) if words & self.levels.get(lv, set())), self.default_level
            )
            date = next((t.value for t in doc.timexes if sent.start_char <= t.start < sent.end_char and t.value), None)
            threats.append(
                Threat(
                    holder=holder,
                    source=source,
                    target=target,
                    kinds=kinds,
                    level=level,
                    date=date or doc.record.published,
                    evidence=evidence(doc, sent),
                )  # fmt: skip
            )
        doc.record.threats = threats

    @staticmethod
    def actors(doc: Document, sent: Span) -> list[str]:
        out: list[str] = []
        for m in doc.mentions:
            if m.kind == "actor" and sent.start_char <= m.start < sent.end_char and m.ref not in out:
                out.append(m.ref)
        return out

    @staticmethod
    def said_in(doc: Document, sent: Span) -> list[str]:
        """The speaker of a statement in the sentence (a report retold over the next one too)."""
        for q in doc.record.quotes:
            if q.speaker and q.start < sent.end_char and sent.start_char < q.end:
                return [q.speaker]
        return []

    @staticmethod
    def origin(doc: Document, sent: Span) -> list[str]:
        """A country the threat comes from: "с Афганистаном", "из Афганистана"."""
        for m in doc.mentions:
            if m.kind != "place" or not (sent.start_char <= m.start < sent.end_char):
                continue
            place = doc.record.place(m.ref)
            before = doc.text[max(0, m.start - 4) : m.start].lower().split()
            if place is not None and place.feature == "country" and before and before[-1] in {"с", "со", "из"}:
                return [m.ref]
        return []

    def holder(self, doc: Document, sent: Span) -> list[str]:
        said = self.said_in(doc, sent)
        if said:
            return said
        for tok in sent:
            if plain(tok.lemma_) in self.holder_verbs:
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    continue
                for m in doc.mentions:
                    if m.kind == "actor" and subj.left_edge.idx <= m.start <= subj.right_edge.idx:
                        return [m.ref]
        return []


@stage("threats_ru", requires=("spacy", "actors", "quotes", "timexes"), assigns=("threats",))
def make(config: Config, language: Language | None = None) -> RussianThreats:
    return RussianThreats(config.knowledge.russian_vocabulary("threats"))
