"""Threat assessments: who sees a threat coming from whom or where, against whom, how strongly.

A sentence is an assessment when it holds a cue of ``data/threats.yaml`` (a threat noun,
a verb of endangering, "cannot be ruled out"). From the parse: the holder is the subject
of the verb that voices it ("X expressed concern", "X warned"), else the sentence's
speaker, else the last speaker before it; the source comes from "from/by" phrases, the
subject of "pose/present/exploit" and the cue's own modifiers ("Afghanistan's
situation"); the target from "to/against/into" phrases and the objects of "threaten,
infiltrate". Kinds and level are read from the sentence's words.

Not kept: an assessment naming no kind of threat (unless an armed group is its source), one
whose only kind is the vague one (read from "security", "situation") with no source, one
that repeats what the same holder said before, and threat nouns that only point back
("these fears grew when ...").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tocsin.document import Document
from tocsin.knowledge import load_yaml
from tocsin.knowledge.gazetteer import border_sides, fold
from tocsin.knowledge.wordlists import WordLists
from tocsin.record import THREAT_LEVELS, Threat, ThreatKind, ThreatLevel, threat_kind, threat_level
from tocsin.registry import stage
from tocsin.stages import parsed
from tocsin.stages.arguments import Actors, subject
from tocsin.stages.evidence import evidence, sentences
from tocsin.stages.modality import Modality

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config


@dataclass
class Vocabulary:
    nouns: set[str]
    verbs: set[str]
    adjectives: set[str]
    phrases: list[set[str]]
    kinds: dict[ThreatKind, set[str]]
    default_kind: ThreatKind
    armed_kind: ThreatKind | None
    vague_kind: ThreatKind | None
    holder_adjectives: set[str]
    levels: dict[str, set[str]]
    default_level: ThreatLevel
    holder_verbs: set[str]
    source_preps: set[str]
    target_preps: set[str]
    source_verbs: set[str]
    target_verbs: set[str]
    fear_verbs: set[str]
    voicing_cues: set[str]
    regarding_verbs: set[str]
    conditional_nouns: set[str]
    response_verbs: set[str]
    anaphora: set[str]
    frontier_nouns: set[str]
    foreseen_acts: set[str]
    foreseeing: set[str]
    foreseen_harms: set[str]
    foretelling: set[str]
    held_nouns: set[str]
    accusing_verbs: set[str]
    massing: list[set[str]]
    rising: list[set[str]]
    member_nouns: set[str]
    causing_verbs: set[str]
    preparing_nouns: set[str]
    foretold: set[str] = field(init=False, repr=False)
    foreseeable: set[str] = field(init=False, repr=False)
    harm_words: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.foretold = self.foreseeing | self.foretelling  # harms are foretold by "will" and "can" too
        self.foreseeable = self.foreseen_acts | self.foreseen_harms
        # the words of a named kind of threat ("heroin", "militants"), the vague kind's aside
        self.harm_words = {w for kind, words in self.kinds.items() if kind != self.vague_kind for w in words}

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        d = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
        d = d or {}
        cues = d.get("cues", {})

        def words(xs: Iterable[object] | None) -> set[str]:
            return {str(x).lower() for x in xs or []}

        def kind(key: str) -> ThreatKind | None:
            return threat_kind(d[key]) if d.get(key) is not None else None

        return cls(
            nouns=words(cues.get("nouns")), verbs=words(cues.get("verbs")),
            adjectives=words(cues.get("adjectives")), phrases=[words(p) for p in cues.get("phrases", [])],
            kinds={threat_kind(k): words(v) for k, v in (d.get("kinds") or {}).items()},
            default_kind=threat_kind(d.get("default_kind", "other")), armed_kind=kind("armed_kind"),
            vague_kind=kind("vague_kind"), holder_adjectives=words(d.get("holder_adjectives")),
            levels={k: words(v) for k, v in (d.get("levels") or {}).items()},
            default_level=threat_level(d.get("default_level", "concern")),
            holder_verbs=words(d.get("holder_verbs")), source_preps=words(d.get("source_preps")),
            target_preps=words(d.get("target_preps")), source_verbs=words(d.get("source_verbs")),
            target_verbs=words(d.get("target_verbs")), fear_verbs=words(d.get("fear_verbs")),
            regarding_verbs=words(d.get("regarding_verbs")), voicing_cues=words(cues.get("voicing")),
            conditional_nouns=words(cues.get("conditional_nouns")), anaphora=words(d.get("anaphora")),
            response_verbs=words(d.get("response_verbs")), frontier_nouns=words(d.get("frontier_nouns")),
            foreseen_acts=words(cues.get("foreseen_acts")), foreseeing=words(cues.get("foreseeing")),
            foreseen_harms=words(cues.get("foreseen_harms")), foretelling=words(cues.get("foretelling")),
            held_nouns=words(d.get("held_nouns")), accusing_verbs=words(d.get("accusing_verbs")),
            massing=[words(v) for v in (cues.get("massing") or {}).values()],
            rising=[words(v) for v in (cues.get("rising") or {}).values()],
            member_nouns=words(d.get("member_nouns")), causing_verbs=words(d.get("causing_verbs")),
            preparing_nouns=words(d.get("preparing_nouns")),
        )  # fmt: skip

    def cue(self, sent: Span, modality: Modality) -> Token | None:
        """The word that makes the sentence an assessment; a warning verb only when no other
        cue names the threat ("warned that the deployment would destabilize": "destabilize")."""
        doc, span = sent.doc, range(sent.start, sent.end)
        lemma_of, lower_of, pos_of = parsed.lowered_lemmas(doc), parsed.lowers(doc), parsed.pos(doc)
        lemmas = {lemma_of[i] for i in span}
        warning = next((i for i in span if pos_of[i] == "VERB" and lemma_of[i] in self.voicing_cues), None)
        for i in span:
            lemma, pos, lower = lemma_of[i], pos_of[i], lower_of[i]
            if (
                (
                    (pos == "NOUN" and lemma in self.nouns)
                    or (pos == "VERB" and lemma in self.verbs)
                    or (pos == "ADJ" and (lemma in self.adjectives or lower in self.adjectives))
                    or (pos == "VERB" and lower in self.holder_adjectives)  # "is alarmed by", parsed as a verb
                )
                and not self.answered(doc[i])
                and not _recalled(doc[i])
            ):
                return doc[i]
        for i in span:
            if pos_of[i] == "NOUN" and lemma_of[i] in self.conditional_nouns and modality.in_condition(doc[i]):
                return doc[i]
            if pos_of[i] == "VERB" and lemma_of[i] in self.foreseen_acts and self.foreseen(doc[i]):
                return doc[i]
            harm = pos_of[i] == "VERB" and lemma_of[i] in self.foreseen_harms
            if harm and self.foreseen(doc[i], self.foretold):
                return doc[i]
        for pair in self.phrases:
            if pair <= lemmas:
                return doc[next(i for i in span if lemma_of[i] in pair)]
        if len(self.rising) == 2 and lemmas & self.rising[0] and lemmas & self.rising[1]:
            found = next((doc[i] for i in span if lemma_of[i] in self.rising[0] and self.rises(doc[i])), None)
            if found is not None:
                return found
        if self.massing and all(lemmas & words for words in self.massing):
            return next((doc[i] for i in span if lemma_of[i] in self.massing[0] and self.masses(doc[i])), None)
        return doc[warning] if warning is not None else None

    def masses(self, word: Token) -> bool:
        """ "pulling heavy equipment up to the border", "terrorists gathering near the border",
        "the build-up of armed formations near the frontier": forces the word moves or gathers
        (its subject or object, or "of" them), and a frontier in what it says."""
        _, forces, frontiers = self.massing
        near = [c for c in word.children if c.dep_ in {"nsubj", "nsubjpass", "dobj", "prep", "conj"}]
        near += [g for c in near if c.dep_ in {"prep", "conj"} for g in c.children if g.dep_ in {"pobj", "conj"}]
        near += [g for c in near for p in c.children if p.lower_ == "of" for g in p.children]  # "dozens of men"
        # "troops", or men described as armed ("armed men were spotted")
        described = [w for c in near for w in (c, *(a for a in c.children if a.dep_ == "amod"))]
        moved = any(w.lemma_.lower() in forces for w in described)
        return moved and any(t.lemma_.lower() in frontiers for t in word.subtree if t.i != word.i)

    def rises(self, word: Token) -> bool:
        """ "attacks have increased", "the number of incursions grew", "a rise in smuggling",
        "increased attacks": a harm said to rise."""
        harms = self.rising[1]
        near = [c for c in word.children if c.dep_ in {"nsubj", "prep", "dobj"}] + [word.head]
        near += [g for c in near if c.dep_ == "prep" or c.lower_ == "number" for g in c.children if g.dep_ in PHRASE]
        near += [g for c in near if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        # told by someone ("X said attacks have increased"), not the report's own narrative
        # ("the shooting grew heavier and both sides called in reinforcements")
        told = any(a.lemma_.lower() in self.holder_verbs for a in word.ancestors) or any(
            t.lower_ == "according" for t in word.sent
        )
        return told and any(t.lemma_.lower() in harms for t in near)

    def foreseen(self, verb: Token, modals: set[str] | None = None) -> bool:
        """A hostile act told as what may come ("militants could attack", "may try to cross",
        "are likely to strike"): a prediction of it is an assessment of the threat."""
        modals = self.foreseeing if modals is None else modals
        for t in [verb, *list(verb.ancestors)[:3]]:
            if any(c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() in modals for c in t.children):
                return True
            if t is not verb and t.lemma_.lower() in modals:
                return True  # "likely to strike", "expected to attempt"
            if t.dep_ not in {"xcomp", "acomp"}:
                return False
        return False

    def answered(self, cue: Token) -> bool:
        """A threat named only as what a measure answers ("efforts to address threats",
        "in response to the challenges") is not assessed in that sentence."""
        if self.rehearsed(cue) is not None:
            return False  # drills held to answer it: those who hold them expect it
        head = cue.head
        if head.lemma_.lower() in self.response_verbs and cue.dep_ in {"dobj", "nsubjpass"}:
            return head.dep_ in {"advcl", "xcomp", "acl", "relcl"} and any(c.lower_ == "to" for c in head.children)
        return head.lower_ == "to" and head.head.lemma_.lower() == "response"

    def rehearsed(self, cue: Token) -> Token | None:
        """The drills or exercises a threat is what they prepare for ("troops held drills to
        repel possible incursions"), or None."""
        for t in list(cue.ancestors)[:REHEARSAL_STEPS]:
            if t.pos_ == "NOUN" and t.lemma_.lower() in self.preparing_nouns:
                return t
        return None


REHEARSAL_STEPS = 8  # how far above the cue its drills are looked for ("drills held to prepare a response to")
PHRASE = {"pobj", "prep"}  # "a rise in X", "the number of X"


def _words(sent: Span) -> set[str]:
    return {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}


class ThreatStage:
    name = "threats"

    def __init__(self, vocab: Vocabulary, words: WordLists, adjectives: dict[str, str] | None = None):
        self.vocab = vocab
        self.adjectives = adjectives or {}  # folded demonym -> ISO-3 ("Afghan" -> AFG)
        self.words = words  # the events' usage words: pronouns, conditions
        self.modality = Modality(words)

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not doc.record.text or not doc.spacy.has_annotation("DEP"):
            return  # nothing parsed: nothing to code
        actors = Actors(doc, self.words)
        sents = sentences(doc.spacy)
        para = _paragraphs(doc.record.text, sents)
        voices = [voice(doc, sent, actors) for sent in sents]
        threats: list[Threat] = []
        where: list[int] = []  # the sentence of each assessment
        for i, sent in enumerate(sents):
            cue = self.vocab.cue(sent, self.modality)
            if cue is None:
                continue
            voiced = self.holder(cue, actors) or self.rehearsing(cue, actors) or _paragraph_voice(i, voices, para)
            if voiced is None and (self.unnamed_voice(cue, actors) or self.held(cue)):
                voiced = []  # "analysts warn of ...": someone holds it, though the text names nobody
            if voiced is None:
                continue  # the article's own voice: nobody holds the assessment
            threat = self.assess(doc, sent, cue, actors, voiced)
            if (
                not threat.source
                and threats
                and (self.points_back(sent) or self.goes_on(threats[-1], threat, where[-1] == i - 1))
            ):
                threat.source = [s for s in threats[-1].source if s not in threat.holder]
            if self.vocab.default_kind in threat.kinds:
                armed_kind = self.vocab.armed_kind
                if armed_kind is None or not self.armed(threat.source, actors):
                    continue  # no kind of threat named and no armed group behind it: not an assessment
                threat.kinds = [armed_kind]
            elif (terror := self.vocab.armed_kind) and terror not in threat.kinds and self.armed(threat.source, actors):
                threat.kinds.append(terror)  # an armed group's plots and attacks: terror too
            if threat.kinds == [self.vocab.vague_kind] and not threat.source:
                continue  # "instability is bad for trade": no threat named
            if any(_repeats(threat, t) for t in threats):
                continue  # the same holder saying again what it said before
            threats.append(threat)
            where.append(i)
        doc.record.threats = threats
        actors.adopt({a for t in threats for a in (*t.holder, *t.source, *t.target)})  # a state named as a place

    @staticmethod
    def goes_on(before: Threat, threat: Threat, adjacent: bool) -> bool:
        """The same holder going on in the next sentence ("X is unstable. We expect
        infiltration attempts ..."): the threat it spoke of is still the subject."""
        return adjacent and bool(threat.holder) and before.holder == threat.holder

    def armed(self, source: list[str], actors: Actors) -> bool:
        return self.vocab.armed_kind is not None and any(actors.kinds.get(s) == "armed_group" for s in source)

    def points_back(self, sent: Span) -> bool:
        """ "The volatile situation could ...", "such groups": the threat named just before."""
        return any(
            t.lemma_.lower() in self.vocab.anaphora
            and any(c.lower_ in {"the", "such", "these", "this"} for c in t.children)
            for t in sent
        ) or any(t.lower_ in {"such", "these"} and t.head.pos_ == "NOUN" for t in sent)

    def assess(self, doc: Document, sent: Span, cue: Token, actors: Actors, holder: list[str]) -> Threat:
        own = {c for h in holder if (c := actors.countries.get(h))}

        def outside(found: list[str]) -> list[str]:
            # "Officials in Kyrgyzstan warn of smugglers": no one's threat is
            # their own state
            return [s for s in found if s not in holder and actors.states.get(s, "-") not in own and not home(s)]

        def home(ref: str) -> bool:  # "fears in Dushanbe" held by Tajikistan: its capital is no source
            place = doc.record.place(ref)
            return place is not None and place.feature != "border" and place.country in own

        source = outside(self.source(cue, sent, actors))
        if not source:
            source = outside(self.context_source(doc, sent, actors))
        if not source:
            source = outside(self.across_frontier(sent, actors, own))
        if not source:
            source = outside(self.whose_harm(sent, actors))
        if not source:  # "warned that smuggling networks recruit the jobless": the networks
            source = outside([a for a in actors.within(sent.start_char, sent.end_char) if a in actors.armed])
        sourced = {actors.states.get(s) for s in source} - {None}  # the state, or its country place
        target = [t for t in self.target(cue, sent, actors) if t not in source and actors.states.get(t) not in sourced]
        words = _words(sent)
        kinds = [k for k, cues in self.vocab.kinds.items() if cues & words] or [self.vocab.default_kind]
        levels = [lv for lv in THREAT_LEVELS if self.vocab.levels.get(lv, set()) & words]
        level = max(levels, key=THREAT_LEVELS.index) if levels else self.vocab.default_level
        return Threat(
            holder=holder, source=source, target=target, kinds=kinds, level=level,
            date=self.date(doc, sent), evidence=evidence(doc, sent),
        )  # fmt: skip

    def holder(self, cue: Token, actors: Actors) -> list[str]:
        """The subject of the nearest voicing verb or adjective above the cue ("X is concerned"),
        or whose fears a noun of fearing names ("fears in Dushanbe", "Moscow's concern")."""
        if self.held(cue) and (felt_by := self.whose_feeling(cue, actors)):
            return felt_by
        for t in [cue, *cue.ancestors]:
            lemma = t.lemma_.lower()
            feeling = t.pos_ in {"ADJ", "VERB"} and t.lower_ in self.vocab.holder_adjectives  # "X is alarmed"
            if lemma in self.vocab.holder_verbs or feeling:
                felt = next((c for c in t.children if c.dep_ == "nsubjpass"), None) if feeling else None
                subj = felt if felt is not None else subject(t)[0]  # "X is alarmed by Y": X holds it
                if subj is not None and (found := actors.phrase(subj)):
                    return found
                if subj is not None and (body := self.meeting_body(subj, actors)):
                    return body
        return []

    def rehearsing(self, cue: Token, actors: Actors) -> list[str]:
        """Who holds the drills a threat is what they prepare for: the doer of the verb over
        them ("troops completed drills"), whose they are ("Russian-Tajik drills"), or "by" whom."""
        drills = self.vocab.rehearsed(cue)
        if drills is None:
            return []
        doer = _doer(drills.head) if drills.dep_ == "dobj" else None
        if doer is not None and (found := actors.phrase(doer)):
            return found
        if found := actors.within(drills.left_edge.idx, drills.idx):
            return found
        by = next((c for c in drills.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        return [a for c in (by.children if by is not None else []) if c.dep_ == "pobj" for a in actors.phrase(c)]

    def meeting_body(self, subj: Token, actors: Actors) -> list[str]:
        """ "At the CSTO summit, several defence ministers expressed alarm": members named by
        their calling speak for the one international body the sentence names."""
        if subj.lemma_.lower() not in self.vocab.member_nouns:
            return []
        sent = subj.sent
        bodies = [a for a in actors.within(sent.start_char, sent.end_char) if actors.kinds.get(a) == "igo"]
        return bodies if len(set(bodies)) == 1 else []

    def whose_feeling(self, noun: Token, actors: Actors) -> list[str]:
        """ "raising fears in Dushanbe", "Moscow's concern", "alarm among Kyrgyz officials"."""
        for c in noun.children:
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                return actors.phrase(c)
            if c.dep_ == "prep" and c.lower_ in {"in", "among"}:
                for pobj in (p for p in c.children if p.dep_ == "pobj"):
                    if found := actors.phrase(pobj):
                        return found
                    places = actors.phrase(pobj, kind="place")  # "fears in Dushanbe": Tajikistan's
                    end = pobj.idx + len(pobj.text)
                    if places and (state := actors.place_state(places[0], pobj.idx, end)):
                        return state
        return []

    def held(self, cue: Token) -> bool:
        """ "amid fears of a refugee wave", "warnings of a famine": a noun of fearing or warning
        says that someone holds the assessment, named or not."""
        return cue.pos_ == "NOUN" and cue.lemma_.lower() in self.vocab.held_nouns

    def unnamed_voice(self, cue: Token, actors: Actors) -> bool:
        """Whether a voicing verb above the cue has a subject that is someone, if no actor
        ("security analysts warn", "experts fear")."""
        for t in [cue, *cue.ancestors]:
            if t.lemma_.lower() in self.vocab.holder_verbs:
                subj, _ = subject(t)
                return subj is not None and subj.pos_ in {"NOUN", "PROPN"} and subj.tag_ in {"NNS", "NNPS"}
        return False

    def _side(self, tok: Token, actors: Actors) -> list[str]:
        return actors.phrase(tok) or actors.phrase(tok, kind="place")

    def source(self, cue: Token, sent: Span, actors: Actors) -> list[str]:
        v = self.vocab
        if self.held(cue) and cue.dep_ == "dobj" and cue.head.lemma_.lower() in v.causing_verbs:
            doer = _doer(cue.head)  # "fighters massing near the border, raising fears": the fighters
            if doer is not None and (found := self._side(doer, actors)):
                return found
        for t in [cue, *cue.ancestors]:  # "militants could attack", "the dam could reduce the flow": who would
            if t.lemma_.lower() in v.foreseeable and v.foreseen(t, v.foretold):
                doer = _doer(t)
                found = (self._side(doer, actors) or self._within(doer, actors)) if doer is not None else []
                if found:
                    return found
                break
        out = self.named_sources(sent, actors)
        for t in [cue, *cue.ancestors]:  # "Y poses a danger", "groups exploited chaos"
            if t.lemma_.lower() in self.vocab.source_verbs:
                subj = _doer(t)
                if subj is not None:  # "groups based in X" name no actor but a place
                    found = self._side(subj, actors) or self._within(subj, actors)
                    out += [a for a in found if a not in out]
                break
        for c in cue.children:  # "Afghanistan's threat", "ISIS threats"
            if c.dep_ in {"poss", "compound", "amod"}:
                out += [a for a in actors.within(c.left_edge.idx, c.idx + len(c.text)) if a not in out]
        for t in cue.subtree:  # "the risk of their invasion"
            if t.dep_ == "poss" and t.pos_ == "PRON":
                out += [a for a in actors.phrase(t) if a not in out]
        out += [a for a in self.regarded(cue, actors) if a not in out]
        out += [a for a in self.accused(cue, actors) if a not in out]
        fearing = cue.lemma_.lower() in self.vocab.fear_verbs | self.vocab.voicing_cues or (
            cue.pos_ in {"ADJ", "VERB"} and cue.lower_ in self.vocab.holder_adjectives  # "is worried that X may"
        )
        if fearing:  # "fear the Taliban may not ..."
            for c in cue.children:
                side = c if c.dep_ == "dobj" else subject(c)[0] if c.dep_ == "ccomp" else None
                if c.dep_ == "prep" and c.lower_ == "of":  # "wary of the Taliban's intentions"
                    side = next((p for p in c.children if p.dep_ == "pobj"), None)
                if side is not None:
                    out += [a for a in self._side(side, actors) or self._within(side, actors) if a not in out]
        return out

    def accused(self, cue: Token, actors: Actors) -> list[str]:
        """ "accused X of arming militants", "blamed X for sheltering rebels": the one blamed is
        where the threat comes from."""
        for t in list(cue.ancestors)[:4]:
            if t.lemma_.lower() in self.vocab.accusing_verbs:
                return [a for c in t.children if c.dep_ == "dobj" for a in self._side(c, actors)]
        return []

    def regarded(self, cue: Token, actors: Actors) -> list[str]:
        """What a verb of regarding calls the threat: "views X as a threat", "considers the
        deployment of X a threat", "calling them a danger", "see X's projects as a threat"."""
        as_ = cue.head if cue.dep_ == "pobj" and cue.head.lower_ == "as" else None
        verb = as_.head if as_ is not None else cue.head
        regarded = [verb] if verb.dep_ == "dobj" and verb.pos_ in {"NOUN", "PROPN"} else []  # "as" under the object
        verb = verb.head if regarded else verb
        if verb.lemma_.lower() not in self.vocab.regarding_verbs or verb.i == cue.i:
            return []
        regarded += [c for c in verb.children if c.dep_ == "dobj" and c.i != cue.i and c not in regarded]
        regarded += [c for c in cue.children if c.dep_ == "nsubj"]  # "considers X a threat", parsed as a clause
        out: list[str] = []
        for c in regarded:  # "the Taliban's dam projects": the Taliban, not what the threat is to
            end = as_.idx if as_ is not None and as_ in c.subtree else c.right_edge.idx + len(c.right_edge.text)
            found = [a for a in self._side(c, actors) or actors.within(c.left_edge.idx, end) if a not in out]
            out += found or [a for a in self._within(c, actors) if a not in out]
        return out

    def named_sources(self, sent: Span, actors: Actors) -> list[str]:
        """Where threats come from, as the sentence names it: "threats from Afghanistan",
        "posed by X", "the situation in X"."""
        out: list[str] = []
        for t in sent:
            prep = t.head
            # "the situation in and around X": the first preposition says what the phrase hangs on
            first = prep.head if prep.dep_ == "conj" and prep.head.pos_ == "ADP" else prep
            # "concern was voiced over the situation in X": the parser may hang "in" on the verb
            after_noun = first.i > 0 and t.doc[first.i - 1].pos_ == "NOUN"
            if t.dep_ == "pobj" and (
                prep.lower_ in self.vocab.source_preps
                or (
                    prep.lower_ in {"in", "around"} and (first.head.pos_ == "NOUN" or after_noun) and not self.struck(t)
                )
            ):
                out += [a for a in self._side(t, actors) if a not in out]
        return out

    def context_source(self, doc: Document, sent: Span, actors: Actors) -> list[str]:
        """A source the speaker named elsewhere in the same statement ("Attention was given
        to the situation in Afghanistan. Measures were adopted against the challenges ...")."""
        statement = next(iter(doc.statements_at(sent.start_char, sent.end_char)), None)  # the innermost
        if doc.spacy is None or statement is None:
            return []
        lo, hi = statement.content
        for other in sentences(doc.spacy):
            overlaps = other.start_char < hi and lo < other.end_char and other.start_char != sent.start_char
            if overlaps and (found := self.named_sources(other, actors)):
                return found
        return []

    def across_frontier(self, sent: Span, actors: Actors, own: set[str]) -> list[str]:
        """The state across a frontier the sentence names from the holder's side ("the
        Afghan border" or "the Tajik-Afghan border" said by Tajik officials); none when the
        holder is on neither side."""
        by_country: dict[str, str] = {}
        for a, iso3 in actors.states.items():
            if iso3 and (actors.kinds.get(a) == "state" or iso3 not in by_country):
                by_country[iso3] = a  # one id per state, the actor before the country place
        out: list[str] = []
        for t in sent:
            if t.lower_ not in self.vocab.frontier_nouns:
                continue
            countries = {c for b in actors.at(t, kind="place") for c in border_sides(b) or ()}
            sides = [c for c in t.children if c.dep_ in {"compound", "amod", "poss"}]
            sides += [p for c in t.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children]
            countries |= {c for side in sides for a in self._side(side, actors) if (c := actors.states.get(a))}
            countries |= {c for side in sides if (c := self.adjectives.get(fold(side.text)))}  # "the Afghan bank"
            one_side = len(countries) == 1 and bool(own)  # "the Afghan bank" seen from Tajikistan
            if not own & countries and not one_side:
                continue
            out += [by_country[c] for c in sorted(countries - own) if c in by_country and by_country[c] not in out]
        return out

    def whose_harm(self, sent: Span, actors: Actors) -> list[str]:
        """ "couriers of Afghan heroin", "Pakistani militants": a state's adjective on a word of
        a threat's kind names where the threat comes from when nothing else does."""
        named = self.vocab.harm_words
        out: list[str] = []
        for t in sent:
            if t.dep_ in {"amod", "compound"} and t.head.lower_ in named and t.head.i > t.i:
                found = actors.within(t.idx, t.idx + len(t.text))
                iso3 = self.adjectives.get(fold(t.text))
                if not found and iso3 in actors.kinds:  # the adjective alone, the state named elsewhere
                    found = [iso3]
                out += [a for a in found if a not in out]
        return out

    def _within(self, phrase: Token, actors: Actors) -> list[str]:
        """Actors, else places, named in a phrase's prepositional modifiers ("groups based in X")."""
        for kind in ("actor", "place"):
            found = [a for t in phrase.subtree if t.dep_ == "pobj" for a in actors.phrase(t, kind=kind)]
            if found:
                return list(dict.fromkeys(found))
        return []

    def target(self, cue: Token, sent: Span, actors: Actors) -> list[str]:
        out: list[str] = []
        heads = [cue, *list(cue.ancestors)[:2]]
        for h in heads:
            for t in h.subtree:
                if self._is_target(t):
                    out += [a for a in self._side(t, actors) if a not in out]
            if out:
                break
        return out

    def struck(self, t: Token) -> bool:
        """ "bombings in France": X is where the threatened harm would fall, not its source."""
        if t.dep_ != "pobj" or t.head.lower_ != "in":
            return False
        before = t.doc[t.head.i - 1] if t.head.i > 0 else t.head
        noun = t.head.head if t.head.head.pos_ == "NOUN" else before  # "attacks in X", however parsed
        if noun.pos_ != "NOUN":
            return False
        harm = noun.lemma_.lower()
        return any(harm in cues for kind, cues in self.vocab.kinds.items() if kind != self.vocab.vague_kind)

    def _is_target(self, t: Token) -> bool:
        """ "a danger to X", "infiltrate X", "the security of X", "attacks in X"."""
        head = t.head.lower_
        if self.struck(t):
            return True
        if t.dep_ == "pobj":
            if head == "to" and t.head.head.lower_ == "according":
                return False  # "according to him" names the speaker
            return head in self.vocab.target_preps or (head == "of" and t.head.head.lemma_.lower() == "security")
        return t.dep_ == "dobj" and t.head.lemma_.lower() in self.vocab.target_verbs

    @staticmethod
    def date(doc: Document, sent: Span) -> str | None:
        inside = [t for t in doc.timexes if sent.start_char <= t.start and t.end <= sent.end_char and t.value]
        return inside[0].value if inside else doc.record.published


def _doer(verb: Token) -> Token | None:
    """Who does what a verb says: its subject, or for a gerund with none ("suspected of
    preparing attacks", "accused of planning"), the subject of the clause it hangs from."""
    for t in [verb, *list(verb.ancestors)[:3]]:
        subj, _ = subject(t)
        if subj is None and t is not verb:  # "they were suspected of preparing": they prepare
            subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            return subj
        if t.dep_ not in {"pcomp", "pobj", "prep", "xcomp", "acomp"} and t is not verb:
            return None
    return None


def _repeats(new: Threat, old: Threat) -> bool:
    """True when ``new`` adds nothing to ``old``: same holder, no new source, no new kind
    (a holder named, or a source: two unattributed, unsourced warnings are not one)."""
    return (
        bool(new.source or new.holder) and new.holder == old.holder
        and set(new.source) <= set(old.source) and set(new.kinds) <= set(old.kinds)
    )  # fmt: skip


def _recalled(cue: Token) -> bool:
    """A threat noun that only points back at one assessed before: "these fears grew when",
    "the minister's worries were shared by X" (a subject saying nothing of its own content)."""
    if cue.pos_ != "NOUN":
        return False
    if any(c.dep_ == "det" and c.lower_ in {"this", "these", "that", "those"} for c in cue.children):
        return True
    bare = not any(c.dep_ in {"prep", "acl", "relcl", "compound", "amod"} for c in cue.children)
    owned = any(c.dep_ == "poss" for c in cue.children)
    return bare and owned and cue.dep_ in {"nsubj", "nsubjpass"}


def _paragraphs(text: str, sents: list[Span]) -> list[int]:
    """The paragraph number of each sentence (a line break between two sentences starts one)."""
    out, n, last = [], 0, 0
    for sent in sents:
        n += "\n" in text[last : sent.start_char]
        out.append(n)
        last = sent.end_char
    return out


def _paragraph_voice(i: int, voices: list[list[str] | None], para: list[int]) -> list[str] | None:
    """Who voices sentence ``i``: its own speaker, else the nearest in its paragraph (before,
    then after: "The risk is real. It will grow, the expert noted."), else the last named
    speaker before it, else nobody."""
    if voices[i] is not None:
        return voices[i]
    same = [j for j in range(len(voices)) if para[j] == para[i] and voices[j] is not None]
    before = [j for j in same if j < i]
    after = [j for j in same if j > i]
    if before or after:
        return voices[before[-1]] if before else voices[after[0]]
    earlier = [j for j in range(i) if voices[j]]  # the last one quoted: news goes on in its voice
    return voices[earlier[-1]] if earlier else None


def voice(doc: Document, sent: Span, actors: Actors) -> list[str] | None:
    """Who speaks a sentence, from the attribution stage: the innermost statement holding
    it (a news outlet only relays); an empty list when the speaker is unnamed or not
    linked, None when nobody does (the article's own voice)."""
    relayed = False
    for st in doc.statements_at(sent.start_char, sent.end_char):
        ids = [a for a in st.speakers if a not in actors.media]
        if ids or not st.speakers:
            return ids
        relayed = True
    return [] if relayed else None


@stage("threats", requires=("spacy", "actors", "places", "timexes", "statements"), assigns=("threats",))
def make(config: Config, language: Language | None = None) -> ThreatStage:
    knowledge = config.knowledge
    return ThreatStage(knowledge.threats, knowledge.usage("events"), knowledge.gazetteer.adjectives)
