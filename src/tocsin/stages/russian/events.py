"""PLOVER events in Russian text, from verb and noun lemmas and the UD parse.

For each sentence: triggers are verbs, verb + object phrases and event nouns of
``data/ru/events.yaml``; sides come from the syntax around them and the actors linked
there (``doc.mentions``):

* a verb's subject is the source and its object, or an oblique with "с", "на", "против",
  "по", "в сторону", the target; in the passive ("были убиты охранники", "задержан
  контрабандист") the subject is the target and an instrumental agent the source;
* an event noun's sides are "между X и Y" (both, in both roles), "на X" (target), "со
  стороны X" (source), its genitive (the target of an arrest, else the actor), or the
  subject of the verb that reports it ("X провели встречу");
* clashes, meetings, joint drills and inquiries put every party in both roles, as do
  agreements between several parties; a visit's host is the state of the place visited;
* status: "не" negates (except where the negation is the event: "не допустили" is a
  stop, COERCE); a condition ("если") makes it conditional; the future, a plan, a
  readiness or a decision make it intended;
* date: a time expression of the sentence; words that recall ("ранее", "до этого") leave
  it undated; else the date of the story told just before, else the publication month.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from tocsin.document import Document
from tocsin.knowledge import load_yaml
from tocsin.knowledge.russian import plain
from tocsin.record import Event, EventType, Status, event_type
from tocsin.registry import stage
from tocsin.stages.evidence import evidence, sentences

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

SUBJECTS = {"nsubj", "nsubj:pass"}
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
SIDELESS_OK = {"ASSAULT", "PROTEST", "COERCE"}
VERBAL = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE"}
PASSIVE_AGENT = {"obl", "obl:agent", "nmod"}
CLAUSE_CUT = {"acl", "acl:relcl", "advcl", "parataxis", "ccomp", "csubj", "conj", "appos"}
ARREST = {"COERCE"}


@dataclass(frozen=True)
class Cue:
    type: EventType
    cameo: str | None
    shared: bool = False
    negated: bool = False
    visit: bool = False
    host: bool = False


class Vocabulary:
    def __init__(self, raw: dict[str, Any]):
        self.verbs: dict[str, Cue] = {}
        self.nouns: dict[str, Cue] = {}
        self.phrases: dict[tuple[str, str], Cue] = {}
        self.negated: dict[str, Cue] = {}
        shared = {plain(w) for w in raw.get("shared") or []}
        self.recalled = [plain(w) for w in raw.get("recalled") or []]
        self.intent = {plain(w) for w in raw.get("intent") or []}
        self.condition = [plain(w) for w in raw.get("condition") or []]
        self.dative_agents = {plain(w) for w in raw.get("dative_agents") or []}
        self.background = [plain(w) for w in raw.get("background") or []]
        self.target_preps = {plain(w) for w in raw["target_prepositions"]}
        self.not_deeds = {plain(w) for w in raw["not_deeds"]}
        self.occur = {plain(w) for w in raw["occur_verbs"]}
        for key, spec in raw.items():
            if not key.isupper() or not isinstance(spec, dict):
                continue
            type_ = event_type(key)
            cameo = spec.get("cameo")
            visit = {plain(w) for w in spec.get("visit") or []}
            host = {plain(w) for w in spec.get("host") or []}
            for w in spec.get("verbs") or []:
                lemma = plain(w)
                self.verbs.setdefault(lemma, Cue(type_, cameo, visit=lemma in visit, host=lemma in host))
            for w in spec.get("nouns") or []:
                self.nouns.setdefault(plain(w), Cue(type_, cameo, shared=plain(w) in shared))
            for verb, obj in spec.get("phrases") or []:
                self.phrases[(plain(verb), plain(obj))] = Cue(type_, cameo, shared=plain(obj) in shared)
            for w in spec.get("negated") or []:
                self.negated[plain(w)] = Cue(type_, cameo, negated=True)


@lru_cache(maxsize=4)
def vocabulary(path: Path) -> Vocabulary:
    return Vocabulary(load_yaml(path.read_text(encoding="utf-8")) or {})


@dataclass
class Trigger:
    token: Token
    cue: Cue
    words: tuple[Token, ...]


def _negated(tok: Token) -> bool:
    return any(c.lower_ == "не" and c.dep_ in {"advmod", "neg", "discourse"} for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ == "не"
    )


def _passive(tok: Token) -> bool:
    morph = str(tok.morph)
    return "Voice=Pass" in morph or any(c.dep_ in {"nsubj:pass", "aux:pass"} for c in tok.children)


class Sides:
    """Actors under a token, from the document's actor mentions."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.mentions = sorted((m for m in doc.mentions if m.kind == "actor"), key=lambda m: m.start)
        self.places = sorted((m for m in doc.mentions if m.kind == "place"), key=lambda m: m.start)
        self.kinds = {a.id: a.kind for a in doc.record.actors}

    def at(self, lo: int, hi: int) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.start < hi and lo < m.end and m.ref not in out:
                out.append(m.ref)
        return out

    def phrase(self, tok: Token) -> list[str]:
        """Actors of a noun phrase: the head, its modifiers and coordinated heads, not clauses under it."""
        out: list[str] = []
        for t in _phrase_tokens(tok):
            for ref in self.at(t.idx, t.idx + len(t.text)):
                if ref not in out:
                    out.append(ref)
        return out

    def place_in(self, lo: int, hi: int) -> str | None:
        """The first place of the sentence that can be located (a country or coordinates)."""
        for m in self.places:
            place = self.doc.record.place(m.ref)
            if lo <= m.start and m.end <= hi and place is not None and (place.country or place.lat is not None):
                return m.ref
        return None


def _phrase_tokens(tok: Token, top: bool = True) -> list[Token]:
    """The noun phrase: modifiers, genitives and coordinated heads; not clauses, nor
    prepositional phrases below the head ("помощь ... в задержании злоумышленников")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in CLAUSE_CUT - {"conj", "appos"}:
            continue
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
            continue
        preps = {x.lower_ for x in c.children if x.dep_ == "case"}
        if c.dep_ in {"nmod", "obl"} and preps and not top:
            continue
        if c.dep_ == "nmod" and preps and tok.pos_ == "NOUN" and not preps & {"из", "с", "со"}:
            continue  # "помощь ... в задержании X": X is no party to the help
        out += _phrase_tokens(c, top=False)
    return out


class RussianEvents:
    name = "events_ru"

    def __init__(self, vocab: Vocabulary):
        self.v = vocab

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not len(doc.spacy):
            return
        sides = Sides(doc)
        events: list[Event] = []
        story_date: str | None = None
        for sent in sentences(doc.spacy):
            dated = self.sentence_date(doc, sent)
            for trig in self.triggers(sent):
                if self.question(trig.token):
                    continue
                background = trig.token.pos_ == "NOUN" and self.backgrounded(trig.token)
                source, target = self.arguments(trig, sides, borrow=not background)
                if background and not (source or target):
                    continue  # "после столкновения", "исполнителей теракта": told elsewhere
                if trig.token.pos_ == "NOUN" and not (source or target):
                    earlier = next(
                        (e for e in reversed(events) if e.type == trig.cue.type and (e.source or e.target)), None
                    )
                    if earlier is not None or not self.occurs(trig.token):
                        if earlier is not None and dated and (earlier.date or "") in dated and dated != earlier.date:
                            earlier.date = dated  # "столкновение случилось еще 24 августа"
                        continue  # a bare noun naming what was told before
                if not source and not target and trig.cue.type not in SIDELESS_OK:
                    continue
                if trig.token.pos_ == "NOUN" and not source and not target and trig.token.lemma_ in self.v.not_deeds:
                    continue
                status = self.status(trig)
                date = self.date(doc, sent, trig.token, dated, story_date)
                events.append(
                    Event(
                        id=f"e{len(events) + 1}",
                        type=trig.cue.type,
                        cameo=trig.cue.cameo,
                        source=source,
                        target=target,
                        date=date,
                        status=status,
                        place=sides.place_in(sent.start_char, sent.end_char),
                        evidence=evidence(doc, sent),
                        confidence=round(0.4 + 0.2 * bool(source) + 0.15 * bool(target), 2),
                        trigger=" ".join(t.text for t in trig.words),
                    )  # fmt: skip
                )
            if dated and len(dated) == 10:
                story_date = dated
        doc.record.events = self.merge(events)

    # -- triggers -------------------------------------------------------------------------
    def triggers(self, sent: Span) -> list[Trigger]:
        out: list[Trigger] = []
        used: set[int] = set()
        for tok in sent:
            lemma = plain(tok.lemma_)
            if tok.pos_ in {"VERB", "AUX", "ADJ"}:
                for c in tok.children:
                    cue = self.v.phrases.get((lemma, plain(c.lemma_)))
                    if cue is not None and c.dep_ in {"obj", "obl", "nsubj:pass", "nsubj", "xcomp"}:
                        out.append(Trigger(tok, cue, (tok, c)))
                        used.update({tok.i, c.i})
                        break
                if tok.i in used:
                    continue
                if lemma in self.v.negated and _negated(tok):
                    out.append(Trigger(tok, self.v.negated[lemma], (tok,)))
                    used.add(tok.i)
                    continue
                cue = self.v.verbs.get(lemma)
                morph = str(tok.morph)
                participle = "VerbForm=Part" in morph and "Variant=Short" not in morph
                if participle and tok.dep_ not in {"ROOT", "acl", "conj", "parataxis"}:
                    continue  # "Задержанных отвезли": people, not an act
                if cue is not None and (tok.pos_ != "ADJ" or "VerbForm" in morph or tok.dep_ == "ROOT"):
                    out.append(Trigger(tok, cue, (tok,)))
                    used.add(tok.i)
        for tok in sent:
            if tok.i in used or tok.pos_ != "NOUN":
                continue
            cue = self.v.nouns.get(plain(tok.lemma_))
            if cue is None:
                continue
            head = tok.head
            if head.i in used and tok.dep_ in {"obj", "nsubj", "nsubj:pass"}:
                continue  # "провели встречу", "открыли огонь": the verb codes it
            out.append(Trigger(tok, cue, (tok,)))
            used.add(tok.i)
        return out

    # -- arguments ------------------------------------------------------------------------
    @staticmethod
    def speaker(tok: Token, sides: Sides) -> list[str]:
        """Whoever the sentence's statement is attributed to."""
        sent = tok.sent
        for q in sides.doc.record.quotes:
            if q.speaker and q.start < sent.end_char and sent.start_char < q.end:
                return [q.speaker]
        return []

    def occurs(self, tok: Token) -> bool:
        """ "произошла перестрелка", "Теракт случился": a happening told as news."""
        return tok.dep_ in {"nsubj", "ROOT"} and plain(tok.head.lemma_) in self.v.occur

    def arguments(self, trig: Trigger, sides: Sides, borrow: bool = True) -> tuple[list[str], list[str]]:
        tok, cue = trig.token, trig.cue
        if tok.pos_ == "NOUN":
            source, target = self.noun_sides(tok, cue, sides, borrow)
        else:
            source, target = self.verb_sides(tok, cue, sides)
        if not source and not target and cue.shared:
            source = self.between(tok, sides)
        frame = tok.head if tok.dep_ in {"xcomp", "ccomp"} and tok.head.i != tok.i else None
        if (
            frame is not None
            and (agreed := self.v.verbs.get(plain(frame.lemma_))) is not None
            and agreed.type == "AGREE"
            and not target
        ):
            parties = sides.phrase(next((c for c in frame.children if c.dep_ == "nsubj"), frame))
            if len(parties) > 1:  # "Киргизия и Таджикистан условились прекратить огонь"
                return parties, list(parties)
        if cue.host and target:
            source, target = target, source
        if cue.visit and not target:
            target = self.host_state(tok, sides)
        if not source and cue.type in VERBAL:
            source = self.speaker(tok, sides)  # "В Душанбе не согласны и говорят, что ..."
        target = [t for t in target if t not in source]
        if cue.shared or (cue.type in SYMMETRIC and len(source) > 1 and not target):
            both = source + [t for t in target if t not in source]
            return both, list(both)
        return source, target

    def verb_sides(self, tok: Token, cue: Cue, sides: Sides) -> tuple[list[str], list[str]]:
        source: list[str] = []
        target: list[str] = []
        passive = _passive(tok) or (tok.pos_ == "ADJ" and "Variant=Short" in str(tok.morph))
        subj = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
        if subj is None and tok.dep_ in {"xcomp", "conj"} and tok.head.i != tok.i:
            subj = next((c for c in tok.head.children if c.dep_ in SUBJECTS), None)
        for c in tok.children:
            if c.dep_ in {"obj", "iobj"}:
                target += [r for r in sides.phrase(c) if r not in target]
            elif c.dep_ in {"obl", "obl:agent"}:
                preps = {plain(x.text) for x in c.children if x.dep_ == "case"}
                if passive and not preps and "Case=Ins" in str(c.morph):
                    source += [r for r in sides.phrase(c) if r not in source]  # "убиты руками других"
                elif preps & self.v.target_preps or "сторона" in plain(c.lemma_):
                    if preps & {"в", "во"} and plain(c.lemma_) != "сторона" and cue.type != "COERCE":
                        continue  # "в Москве": a place
                    target += [r for r in sides.phrase(c) if r not in target]
        if subj is not None:
            subjects = sides.phrase(subj)
            if passive or subj.dep_ == "nsubj:pass":
                target = subjects + [t for t in target if t not in subjects]
            else:
                source = subjects + [s for s in source if s not in subjects]
        if plain(tok.lemma_) in self.v.dative_agents:  # "членам банды удалось уйти"
            for c in tok.children:
                if c.dep_ in {"iobj", "obl"} and "Case=Dat" in str(c.morph):
                    source += [r for r in sides.phrase(c) if r not in source]
        if passive and not target:
            target = self.after(tok, sides)  # "были убиты трое охранников и 29 заключенных"
        if not source and not passive and subj is None:
            source = self.governor_actor(tok, sides)
        return source, target

    def after(self, tok: Token, sides: Sides) -> list[str]:
        """Actors right after a verb, up to the end of its clause."""
        out: list[str] = []
        for t in tok.doc[tok.i + 1 : tok.sent.end]:
            if t.text in {"(", ";", ".", "—", ":"} or (t.text == "," and out):
                break
            out += [r for r in sides.at(t.idx, t.idx + len(t.text)) if r not in out]
        return out

    def between(self, tok: Token, sides: Sides) -> list[str]:
        """ "между X и Y завязалась перестрелка": the parties after "между" in the sentence."""
        sent = tok.sent
        start = next((t.i for t in sent if t.lower_ == "между"), None)
        if start is None:
            return []
        out: list[str] = []
        for t in tok.doc[start + 1 : sent.end]:
            if t.i == tok.i or t.pos_ == "VERB" or (t.is_punct and t.text not in '«»"' and out):
                break
            out += [r for r in sides.at(t.idx, t.idx + len(t.text)) if r not in out]
        return out

    def governor_actor(self, tok: Token, sides: Sides) -> list[str]:
        """A subjectless verb's actor above it: "готовность России прийти", "X решил помочь"."""
        t = tok
        for _ in range(3):
            if t.head.i == t.i or t.dep_ not in {"xcomp", "acl", "nmod", "obl", "obj", "advcl", "conj"}:
                return []
            t = t.head
            if t.pos_ == "NOUN":
                for c in t.children:
                    if c.dep_ == "nmod" and "Case=Gen" in str(c.morph) and sides.phrase(c):
                        return sides.phrase(c)
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None and sides.phrase(subj):
                return sides.phrase(subj)
        return []

    def backgrounded(self, tok: Token) -> bool:
        preps = " ".join(plain(c.text) for c in tok.children if c.dep_ in {"case", "fixed"} or c.dep_ == "case")
        for c in tok.children:
            if c.dep_ == "case":
                preps = " ".join(plain(x.text) for x in [c, *c.children])
        if any(preps == b or preps.startswith(b + " ") for b in self.v.background):
            return True
        return tok.dep_ == "nmod" and tok.head.pos_ == "NOUN"

    @staticmethod
    def question(tok: Token) -> bool:
        """An event asked about ("намерена ли она вычеркнуть") is not reported."""
        return any(c.lower_ == "ли" for t in [tok, *list(tok.ancestors)[:3]] for c in t.children)

    def noun_sides(self, tok: Token, cue: Cue, sides: Sides, borrow: bool = True) -> tuple[list[str], list[str]]:
        source: list[str] = []
        target: list[str] = []
        between = False
        for c in tok.children:
            if c.dep_ not in {"nmod", "amod", "obl"}:
                continue
            preps = {plain(x.text) for x in c.children if x.dep_ == "case"}
            found = sides.phrase(c)
            if preps & {"между", "среди"}:
                between = True
                source += [r for r in found if r not in source]
            elif preps & {"на", "против", "по", "к"}:
                target += [r for r in found if r not in target]
            elif "сторона" in plain(c.lemma_) and preps & {"с", "со"}:
                source += [r for r in found if r not in source]
            elif not preps and c.dep_ in {"nmod", "amod"}:
                (target if cue.type in ARREST else source).extend(r for r in found if r not in source + target)
            elif preps & {"с", "со"} and cue.type in SYMMETRIC:
                target += [r for r in found if r not in target]
        if between:
            return source, list(source)
        if borrow and not source and tok.head.i != tok.i and tok.dep_ in {"obj", "nsubj", "nsubj:pass", "obl"}:
            verb = tok.head
            subj = next((c for c in verb.children if c.dep_ in SUBJECTS and c.i != tok.i), None)
            if subj is not None:
                source = sides.phrase(subj)
            for c in verb.children:  # "прошла встреча с X", "стартовали учения войск X"
                if c.dep_ == "obl" and {plain(x.text) for x in c.children if x.dep_ == "case"} & {"с", "со", "между"}:
                    target += [r for r in sides.phrase(c) if r not in target]
        return source, target

    def host_state(self, tok: Token, sides: Sides) -> list[str]:
        """The state of the place visited ("прилетела в Москву": Russia)."""
        for c in tok.children:
            preps = {plain(x.text) for x in c.children if x.dep_ == "case"}
            if (c.dep_ == "obl" and preps & {"в", "во"}) or (c.dep_ == "obj" and not preps):
                for m in sides.places:
                    if c.idx <= m.start < c.idx + len(c.text) + 1:
                        place = sides.doc.record.place(m.ref)
                        if place is not None and place.country and place.country in sides.kinds:
                            return [place.country]
                        if place is not None and place.country:
                            return [place.country] if place.country in {a.id for a in sides.doc.record.actors} else []
        return []

    # -- status and date ------------------------------------------------------------------
    def status(self, trig: Trigger) -> Status:
        tok = trig.token
        verb = tok if tok.pos_ != "NOUN" else (tok.head if tok.head.pos_ in {"VERB", "AUX"} else tok)
        chain = [verb]
        t = verb
        for _ in range(3):
            if t.head.i == t.i:
                break
            t = t.head
            chain.append(t)
        if trig.cue.negated:
            return "negated" if not _negated(tok) else "occurred"
        if _negated(tok) or (verb is not tok and _negated(verb)):
            return "negated"
        if self.conditional(tok):
            return "conditional"
        if "Tense=Fut" in str(verb.morph) or any(c.lower_ in {"будет", "будут", "станет"} for c in verb.children):
            return "intended"
        if any(plain(t.lemma_) in self.v.intent for t in chain[1:]):
            return "intended"
        return "occurred"

    def conditional(self, tok: Token) -> bool:
        """The sentence sets a condition ("если ...") and the trigger is not inside it."""
        sent = tok.sent
        for t in sent:
            if plain(t.text) in self.v.condition or (
                plain(t.text) == "в" and t.i + 1 < sent.end and plain(tok.doc[t.i + 1].text) == "случае"
            ):
                clause = t.head
                inside = {x.i for x in clause.subtree} if clause.i != t.i else set()
                return tok.i not in inside
        return False

    def sentence_date(self, doc: Document, sent: Span) -> str | None:
        inside = [t for t in doc.timexes if sent.start_char <= t.start and t.end <= sent.end_char and t.value]
        return inside[0].value if inside else None

    def date(self, doc: Document, sent: Span, tok: Token, dated: str | None, story: str | None) -> str | None:
        if dated:
            return dated
        verb = tok if tok.pos_ != "NOUN" else tok.head
        near = " ".join(plain(t.text) for t in [*sent[:3], *(c for c in verb.children if c.dep_ in {"advmod", "obl"})])
        if any(f" {w} " in f" {near} " for w in self.v.recalled):
            return None
        if story:
            return story
        published = doc.record.published
        return published[:7] if published else None

    @staticmethod
    def merge(events: list[Event]) -> list[Event]:
        """One event per type in a sentence when one's sides cover the other's
        ("пребывает в Киргизии с государственным визитом": one visit)."""
        out: list[Event] = []
        for e in events:
            same = None
            for o in out:
                if o.type != e.type or o.evidence.start != e.evidence.start:
                    continue
                if set(e.source) <= set(o.source) and set(e.target) <= set(o.target):
                    same = o
                    break
                if set(o.source) <= set(e.source) and set(o.target) <= set(e.target):
                    o.source, o.target, o.trigger = e.source, e.target, e.trigger
                    same = o
                    break
            if same is None:
                e.id = f"e{len(out) + 1}"
                out.append(e)
        return out


@stage("events_ru", requires=("spacy", "actors", "places", "timexes", "quotes"), assigns=("events",))
def make(config: Config, language: Language | None = None) -> RussianEvents:
    return RussianEvents(config.knowledge.russian_events)
