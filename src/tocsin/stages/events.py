"""Events: every clause that reports an interaction, coded in PLOVER with its evidence.

For each sentence of the parse: find triggers (verb lemmas and event nouns from
``data/events/plover.yaml``), drop those governed by a verbal frame that already codes
them ("urged X to withdraw" is one REQUEST), take the source and target from the
arguments and the linked actors, then read status, date, place and magnitude.

Confidence = the cue's specificity (its ``weight``), + 0.15 when the source is linked,
+ 0.1 when the target is, + 0.05 when the cue needed a context word; - 0.1 when the
source was borrowed from the sentence's speaker or a pronoun, - 0.05 per subordinate
clause between the trigger and the main verb ("marched to demand": the march is the
event); clipped to [0.05, 0.95].
Candidates with no linked side are kept in ``doc.event_candidates`` for
sentence-level evaluation but not emitted, except for violence and protest, which an
article may report without naming anyone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tocsin.document import Document, Timex
from tocsin.knowledge.gazetteer import Gazetteer, border_sides, fold
from tocsin.knowledge.wordlists import WordLists
from tocsin.record import Event, EventType
from tocsin.registry import stage
from tocsin.stages import magnitude, modality, parsed
from tocsin.stages.arguments import Actors, speaker, subject
from tocsin.stages.dates import TimeGrammar, find_timexes
from tocsin.stages.evidence import evidence, sentences
from tocsin.stages.triggers import Cue, Lexicon, Trigger

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

# Types whose verb frames take the event they govern as their content.
FRAMES = {"REQUEST", "THREATEN", "AGREE", "REJECT"}
VERBAL = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE"}
# Acts of force whose unnamed target is coded by the country of their place.
PLACED = {"ASSAULT", "COERCE"}
SYMMETRIC = {"AGREE", "CONSULT"}
# Types that answer an earlier event ("condemned the attack", "welcomed the agreement").
REACTIONS = {"ACCUSE", "SUPPORT", "REJECT", "PROTEST"}
MATERIAL = {"COOPERATE", "AID", "RETREAT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
VERBAL_QUAD = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
# Speech acts: a demand, a charge, a refusal or a threat, addressed to someone
SPEECH_ACTS = {"REQUEST", "ACCUSE", "REJECT", "THREATEN"}
VICTIM_WINDOW = 600  # characters back to the place that locates unnamed victims
MEASURED = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT"}
# Links through which a verbal frame governs its content ("urged X to withdraw").
FRAME_LINKS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "pcomp", "relcl", "nsubjpass", "conj"}
MODAL_REQUEST = Cue(type="REQUEST", lemma="must", pos="verb", cameo="100", weight=0.45)
OWN_FORCE = Cue(type="THREATEN", lemma="warn", pos="verb", cameo="130", weight=0.5)
BLAMED = Cue(type="ACCUSE", lemma="say", pos="verb", cameo="112", weight=0.6)


@dataclass
class Candidate:
    trigger: Trigger
    type: EventType
    source: list[str]
    target: list[str]
    borrowed: bool = False  # source taken from the speaker or a pronoun
    reported: bool = True  # False for speculation, states and unfinished frames
    apart: list[str] = field(default_factory=list)  # opponents of different states, one event each


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _pobjs(token: Token, preps: Collection[str]) -> list[Token]:
    out = []
    for c in token.children:
        if c.dep_ in {"prep", "dative"} and c.lower_ in preps:
            # "to its ally and to other nations": the coordinated preposition's object too
            for prep in (c, *(k for k in c.conjuncts if k.dep_ == "conj" and k.lower_ in preps)):
                out += [p for p in prep.children if p.dep_ in {"pobj", "pcomp"}]
    return out


def _misattached_party(pobj: Token, actors: Actors) -> list[str]:
    """ "between army units and IS fighters": when the parser hangs the second party
    elsewhere ("IS" read as a verb), the words after "and" up to the next preposition,
    verb or punctuation still name it."""
    if any(c.dep_ == "conj" for c in pobj.children):
        return []
    doc = pobj.doc
    k = pobj.right_edge.i + 1
    if k >= len(doc) or doc[k].dep_ != "cc" or doc[k].head.i == pobj.i:
        return []
    end = k + 1
    while end < len(doc) and end - k <= 5 and doc[end].pos_ not in ("ADP", "PUNCT", "VERB", "SCONJ"):
        end += 1
    if end == k + 1:
        return []
    return actors.within(doc[k + 1].idx, doc[end - 1].idx + len(doc[end - 1].text))


def _add(out: list[str], ids: list[str]) -> None:
    out += [i for i in ids if i not in out]


class EventStage:
    name = "events"

    def __init__(
        self,
        lexicon: Lexicon,
        words: WordLists,
        states: dict[str, str] | None = None,
        adjectives: dict[str, str] | None = None,
        demonyms: dict[str, str] | None = None,
        grammar: TimeGrammar | None = None,
        gazetteer: Gazetteer | None = None,
    ):
        self.gazetteer = gazetteer  # which neighbours a province lies along
        self.lexicon = lexicon
        self.grammar = grammar  # to count a statement's "yesterday" from the day it was made
        self.words = words  # data/events/usage.yaml
        self.states = states or {}  # ISO-3 -> name: states named only as places may be sides
        self.adjectives = adjectives or {}  # folded demonym -> ISO-3: "a Tajik village" is Tajikistan's
        self.demonyms = demonyms or {}  # ISO-3 -> its adjective as written: "Kyrgyz protesters"
        self.modality = modality.Modality(words)
        self.magnitudes = magnitude.Magnitudes(words)
        self.forces = self.magnitudes.people | words.force_nouns
        self.shared = words.shared_nouns | words.fight_nouns  # both sides in both roles
        self.calming = words.calming_words | words.fight_nouns  # what appeals to fighters ask for

    def __call__(self, doc: Document) -> None:
        w = self.words
        if doc.spacy is None or not doc.record.text or not doc.spacy.has_annotation("DEP"):
            return  # nothing parsed: nothing to code
        actors = Actors(doc, self.words, states=self.states)
        events: list[Event] = []  # every event reported, complete or not yet
        candidates: list[tuple[Candidate, Event]] = []
        agentless: set[int] = set()  # ids of events told in the passive with no agent
        local: set[int] = set()  # ids of events whose place is named in their own clause
        victims: dict[int, int] = {}  # ids of acts of force on unnamed people -> where their sentence starts
        anchors: dict[str, str] = {}  # "fall of kabul" -> its date, for "days after the fall of Kabul"
        recent: list[dict[str, list[str]]] = []  # per sentence, source -> target, last three
        fighting: list[str] = []  # the sides of the last clash told with both named
        border: list[str] = []  # the two states of the last border the article named
        for sent in sentences(doc.spacy):
            current: dict[str, list[str]] = {}
            previous = {k: v for seen in recent for k, v in seen.items()}
            border = self.border_states(sent, actors) or border
            for cand in self.sentence(sent, actors, previous):
                addressed = _names_both_sides(cand.trigger.token, "target")  # "urged both sides"
                addressed |= cand.type == "REQUEST" and bool(cand.source) and self.calms(cand)  # "urged restraint"
                if fighting and not cand.target and addressed:
                    cand.target = [f for f in fighting if f not in cand.source]
                    cand.borrowed = True
                if fighting and _names_both_sides(cand.trigger.token, "source"):
                    cand.source, cand.target = list(fighting), list(fighting)  # "both sides accused each other"
                    cand.borrowed = True
                if not cand.source and not cand.target and fighting and (_fighting(cand, w) or _truce(cand)):
                    # "The clash broke out on Sunday", "the ceasefire held": the fighting told of before
                    cand.source, cand.target, cand.borrowed = list(fighting), list(fighting), True
                alone = not (cand.source or cand.target) and _unopposed(cand, w)
                sideless = alone or (_truce(cand) and not (cand.source or cand.target))
                pair = (self.border_states(sent, actors) if alone else []) or (
                    _sides_named(sent, actors) if sideless else []
                )
                if not pair and (alone or (_truce(cand) and not (cand.source or cand.target))):
                    pair = border  # "the ceasefire held", after a border named before: its two states
                if pair:  # "clashes on the Kyrgyz-Tajik border"
                    cand.source, cand.target = pair, list(pair)
                if cand.type == "ASSAULT" and len(cand.source) > 1 and set(cand.source) == set(cand.target):
                    fighting = list(cand.source)
                if not cand.target and cand.type in REACTIONS:
                    cand.target = [t for t in self.reacted_to(cand, events, actors) if t not in cand.source]
                event = self.code(doc, sent, cand, len(candidates), actors, anchors)
                if cand.type == "PROTEST" and not event.source:  # "protests broke out in Osh"
                    event.source = cand.source = self.protesters(doc, event, cand.trigger.token, actors)
                candidates.append((cand, event))
                earlier = _told_before(cand, events, actors, w)
                if earlier is not None:  # "claimed responsibility for the attack": adds a side, not an event
                    earlier.source = earlier.source or cand.source
                    earlier.target = earlier.target or [t for t in cand.target if t not in earlier.source]
                    if event.date and (not earlier.date or len(event.date) > len(earlier.date)):
                        earlier.date = event.date  # "The clash broke out on Sunday": the day it took place
                elif cand.reported:
                    events.append(event)
                    tok = cand.trigger.token
                    if _agentless(tok) or (cand.type in PLACED and _thing_subject(tok, actors)):
                        # "three men were arrested"; "a roadside bomb killed three policemen"
                        agentless.add(id(event))
                    if event.place and event.place in _clause_places(cand.trigger.token, actors):
                        local.add(id(event))
                    people = self.magnitudes.people
                    if cand.type in PLACED and not cand.target and _on_people(cand.trigger.token, people):
                        victims[id(event)] = sent.start_char
                if cand.trigger.token.pos_ == "NOUN" and event.date:
                    anchors.setdefault(_anchor_key(cand.trigger.token), event.date)
                for src in cand.source:
                    current.setdefault(src, cand.target) if cand.target else None
            for copy in self.emulated(doc, sent, actors, events, anchors):
                events.append(copy)  # "Bishkek followed Astana's example": Bishkek did the same
            recent = [*recent[-2:], current]
        doc.event_candidates = [e for _, e in candidates]
        for e in events:
            if e.source and not e.target and e.type in PLACED | {"PROTEST", "THREATEN"}:
                # protests target where they are held; "threatened to strike inside X" threatens X
                placed = _placed_state(doc, e, actors, local)
                e.target = [t for t in placed if t not in e.source] if e.type == "THREATEN" else placed
            if not e.target and id(e) in victims:  # "killed two civilians": the people of where it was
                e.target = _victims_state(doc, e, actors, victims[id(e)])
        events = _merge_retold([e for e in events if _complete(e, id(e) in agentless)])
        for i, e in enumerate(events, 1):
            e.id = f"e{i}"
        doc.record.events = events
        actors.adopt({i for e in events for i in (*e.source, *e.target)})

    def calms(self, cand: Candidate) -> bool:
        """Whether an appeal asks for calm or an end to fighting ("called for restraint",
        "urged an end to the clashes"): it is addressed to the fighting's parties."""
        return any(t.lemma_.lower() in self.calming for t in cand.trigger.token.subtree)

    def protesters(self, doc: Document, event: Event, tok: Token, actors: Actors) -> list[str]:
        """Who protested when the text names no one: the people of the state where the protest
        was held ("protests broke out in Osh": Kyrgyz protesters)."""
        place = doc.record.place(event.place) if event.place else None
        if place is None or not place.country or place.feature == "border":
            return []
        demonym = self.demonyms.get(place.country)
        if demonym is None:
            return []
        name = f"{demonym} protesters"
        return [actors.unnamed(place.country, "protesters", name, "CVL", tok.idx, tok.idx + len(tok.text))]

    def emulated(
        self, doc: Document, sent: Span, actors: Actors, events: list[Event], anchors: dict[str, str]
    ) -> list[Event]:
        """What "X followed Y's example" (or "followed suit") tells: X did what Y was last told
        doing, on this sentence's date."""
        out: list[Event] = []
        for tok in sent:
            if tok.lemma_.lower() not in self.words.follow_verbs:
                continue
            model = next(
                (c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in self.words.example_nouns), None
            )
            subj, _ = subject(tok)
            doers = actors.phrase(subj) if subj is not None and model is not None else []
            if not doers or model is None:
                continue
            owners = [a for c in model.children if c.dep_ == "poss" for a in actors.phrase(c)]
            done = next((e for e in reversed(events) if not owners or set(owners) & set(e.source)), None)
            if done is None or set(doers) & set(done.source):
                continue
            when = event_date(doc, sent, tok, done.type, "occurred", anchors, self.words, self.grammar)
            out.append(
                done.model_copy(
                    update={
                        "source": doers,
                        "target": [t for t in done.target if t not in doers],
                        "date": when,
                        "status": "occurred",
                        "evidence": evidence(doc, sent),
                        "trigger": tok.text,
                    }
                )
            )
        return out

    def border_states(self, sent: Span, actors: Actors) -> list[str]:
        """The two states of a border the sentence names ("the Kyrgyz-Tajik border", "the
        border between X and Y"); none when it names another number."""
        doc, nouns, lemmas = sent.doc, self.words.border_nouns, parsed.lowered_lemmas(sent.doc)
        for i in range(sent.start, sent.end):
            if lemmas[i] not in nouns:
                continue
            tok = doc[i]
            lo, hi = tok.left_edge.idx, _end(tok.right_edge)
            found = [a for kind in ("actor", "standby") for a in actors.within(lo, hi, kind)]
            isos = {c for a in found if actors.kinds.get(a) == "state" and (c := actors.countries.get(a))}
            for place in actors.within(lo, hi, "place"):
                isos |= set(border_sides(place) or ())
            states = [s for iso in sorted(isos) if (s := actors.state(iso, lo, hi))] if len(isos) == 2 else []
            if len(states) == 2:
                return states
        return []

    def reacted_to(self, cand: Candidate, events: list[Event], actors: Actors) -> list[str]:
        """Who did what a reaction names: "condemned the attack" targets the attackers; a
        denial with no object answers whoever accused the denier."""
        w = self.words
        tok = cand.trigger.token
        for obj in (c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}):
            if not any(c.dep_ == "det" and c.lower_ in w.definite_determiners for c in obj.children):
                continue
            named = self.lexicon.match(obj)
            if named is None:
                continue
            earlier = next(
                (e for e in reversed(events) if e.type == named.type and e.source and e.status != "negated"), None
            )
            if earlier is not None:
                return list(earlier.source)
        if cand.type == "REJECT":  # "X accused Y of ... Y denied it": the denial answers the accuser
            accusing = (e for e in reversed(events) if e.type == "ACCUSE" and set(e.target) & set(cand.source))
            charged = next(accusing, None)
            if charged is not None:
                return list(charged.source)
            # "denied that its fighters crossed into X": else the party the denied act concerns
            return self.claimed_by(cand, tok, actors) or _threatened(tok, cand.source, actors, w.settings)
        return []

    def claimed_by(self, cand: Candidate, tok: Token, actors: Actors) -> list[str]:
        """ "X denied the claim": whoever of another side spoke last before the denial."""
        said = [
            a
            for st in actors.doc.statements
            if st.end <= tok.sent.start_char
            for a in st.speakers
            if a not in actors.media
        ]
        others = _others(said, cand.source, actors) if _states(cand.source, actors) else []
        return others[-1:]

    # -- finding ---------------------------------------------------------------
    def triggers(self, sent: Span, actors: Actors | None = None) -> list[Trigger]:
        found = []
        doc, w = sent.doc, self.words
        says, warns = w.say_verbs, w.warning_verbs
        lemmas, lowers, pos = parsed.lowered_lemmas(doc), parsed.lowers(doc), parsed.pos(doc)
        for i in range(sent.start, sent.end):
            lemma = lemmas[i]
            # what each reading below needs first: a verb, a verb of saying or warning, a cue
            if not (pos[i] == "VERB" or lemma in says or lemma in warns or self.lexicon.cued(pos[i], lemma, lowers[i])):
                continue
            tok = doc[i]
            trig = (
                _modal_request(tok, self.words.say_verbs)
                or self.own_force(tok, actors)
                or self.blamed(tok)
                or self.lexicon.match(tok)
            )
            if trig is not None and not self.modality.in_condition(tok):
                found.append(trig)
        if any(t.cue.hand for t in found):  # the dictionary speaks only where the hand entries are silent
            found = [t for t in found if t.cue.hand]
        by_token = {t.token.i: t for t in found}
        kept = []
        for trig in found:
            tok = trig.token
            # "shells hit a village during a firefight between X and Y": a fight naming its sides stands
            sided = tok.pos_ == "NOUN" and trig.type in PLACED and bool(_pobjs(tok, ("between", "among")))
            if tok.pos_ == "NOUN" and not sided and _coded_above(tok, trig.type, by_token):
                continue  # "launched an offensive", "hosted X for talks": the verb codes it
            if tok.pos_ == "NOUN" and not sided and _setting_of(tok, trig.type, by_token):
                continue  # "killed six militants in a raid": the raid is the killing's setting
            if tok.pos_ == "NOUN" and _struck_by(tok, by_token):
                continue  # "opened fire on a patrol": the patrol is who was hit, not an act
            if _framed(tok, by_token) and trig.type != "MOBILIZE":
                continue  # "urged them to withdraw": one REQUEST; "ordered a mobilization" mobilizes
            if _motive(tok, trig.type, by_token):
                continue  # "marched to demand reforms": the march is the event, the demand its motive
            if trig.cue.fallback and any(tok in t.token.ancestors for t in found if t is not trig):
                continue  # "vowed to protect": the protection is the event
            kept.append(trig)
        return kept

    def own_force(self, tok: Token, actors: Actors | None) -> Trigger | None:
        """ "X warned (Y) that it would strike", "X said it would retaliate": a warning of the
        speaker's own force is a threat, whatever the verb of warning would code alone."""
        w = self.words
        lemma = tok.lemma_.lower()
        if lemma in w.warning_verbs:
            acts = w.force_verbs
        elif lemma in w.say_verbs:
            acts = w.reprisal_verbs
        else:
            return None
        for act in tok.children:
            if act.dep_ != "ccomp" or act.lemma_.lower() not in acts:
                continue
            if not any(c.dep_ == "aux" and c.lower_ in {"would", "will"} for c in act.children):
                continue
            subj, passive = subject(act)
            if subj is None or passive:
                continue
            own = w.own_pronouns | w.plural_pronouns if acts is w.reprisal_verbs else w.own_pronouns
            if subj.lower_ in own or (actors is not None and self._own_side(tok, subj, actors)):
                return Trigger(tok, OWN_FORCE, (tok,), "THREATEN")
        return None

    def blamed(self, tok: Token) -> Trigger | None:
        """ "X said Y was responsible for / behind the attack": X accuses Y."""
        if tok.lemma_.lower() not in self.words.say_verbs:
            return None
        if any(_culprit_clause(c, self.words.culprit_words) for c in tok.children if c.dep_ == "ccomp"):
            return Trigger(tok, BLAMED, (tok,), "ACCUSE")
        return None

    @staticmethod
    def _own_side(tok: Token, subj: Token, actors: Actors) -> bool:
        speaker, _ = subject(tok)
        if speaker is None:
            return False
        return _same_side(actors.phrase(speaker), actors.phrase(subj), actors)

    def sentence(self, sent: Span, actors: Actors, previous: dict[str, list[str]]) -> list[Candidate]:
        w = self.words
        out: list[Candidate] = []
        for trig in self.triggers(sent, actors):
            cand = self.arguments(trig, sent, actors, previous)
            if cand.type in SPEECH_ACTS and cand.source and not cand.target:
                # "accused X of shelling and vowed to retaliate": the second act is addressed to X too
                said = next((c for c in out if c.type in SPEECH_ACTS and c.source == cand.source and c.target), None)
                if said is not None and trig.token.dep_ == "conj":
                    cand.target = list(said.target)
            if cand.source and not cand.target:
                # "raided homes where refugees lived and deported hundreds": the same people
                first = next((c for c in out if c.type == cand.type and c.source == cand.source and c.target), None)
                if first is not None and _coordinated_acts(first, cand):
                    cand.target = list(first.target)
            told = next((c for c in out if _one_act(c, cand)), None)
            if told is not None:  # "attacked a post, killing three"; "were killed when X opened fire"
                mutual = bool(cand.source) and set(cand.source) == set(cand.target)  # "... after X and Y traded fire"
                told.source = told.source or cand.source
                _add(told.target, [t for t in cand.target if mutual or t not in told.source])
                told.reported = told.reported or cand.reported
                continue
            same = next((c for c in out if _same_event(c, cand, w)), None)
            if same is None:
                out.append(cand)
            elif (len(cand.target), trig.cue.weight) > (len(same.target), same.trigger.cue.weight):
                out[out.index(same)] = cand
        out = [one for cand in out for one in _one_per_opponent(cand)]
        for cand in out:  # "X returned fire after an attack from Y": X fired at Y
            if cand.type == "ASSAULT" and cand.source and not cand.target:
                other = next((c for c in out if c.type == "ASSAULT" and set(cand.source) & set(c.target)), None)
                if other is not None:
                    cand.target = [s for s in other.source if s not in cand.source]
        return out

    # -- arguments -------------------------------------------------------------
    def arguments(self, trig: Trigger, sent: Span, actors: Actors, previous: dict[str, list[str]]) -> Candidate:
        w = self.words
        tok, cue = trig.token, trig.cue
        source: list[str] = []
        target: list[str] = []
        borrowed = False
        if cue is BLAMED:
            speaker_tok, _ = subject(tok)
            _add(source, actors.phrase(speaker_tok) if speaker_tok is not None else [])
            for clause in (c for c in tok.children if c.dep_ == "ccomp"):
                culprit, _ = subject(clause)
                _add(target, actors.phrase(culprit) if culprit is not None else [])
        elif cue is MODAL_REQUEST:
            subj, _ = subject(tok)
            _add(target, actors.phrase(subj) if subj is not None else [])
            say = _saying_head(tok, self.words.say_verbs)
            say_subj = subject(say)[0] if say is not None else None
            _add(source, actors.phrase(say_subj) if say_subj is not None else [])
        elif tok.pos_ == "VERB" and not _gerund_noun(tok):
            source, target = self._verb_args(tok, cue, actors)
            if cue.type == "ACCUSE" and not target:  # "blamed the attack on X"
                target = [a for c in _blamed_on(tok, w.blame_on_verbs) for a in actors.phrase(c)]
            if cue is OWN_FORCE and not target:
                target = _threatened(tok, source, actors, w.settings)  # "warned it would strike X": X
            if trig.type == "THREATEN" and not target:  # "threatened to retaliate if X struck again": X
                target = [a for a in _conditioned(tok, actors, w) if a not in source]
        else:
            source, target = self._noun_args(tok, cue, actors)
            charge = _charge(tok, w.blame_on_verbs) if cue.type in PLACED else None
            if charge is not None and charge.accused is not None and (accused := actors.phrase(charge.accused)):
                source = accused  # "blamed X for the attack": X attacked, not whoever blamed
                target = [t for t in target if t not in source] or self.accusers_side(tok, source, actors)
        if cue.type in PLACED and not [t for t in target if t not in source]:
            _add(target, [a for a in _dwellers(tok, actors) if a not in source])  # "raided homes where X lived"
        if cue.swap and target:  # "X hosted Y": Y is the visitor; "hosted a meeting" stays
            source, target = target, source
        if not source and cue.type in VERBAL and not _thing_subject(tok, actors) and not _background(tok, w):
            source = speaker(sent, actors)
            borrowed = bool(source)
        if not source and cue.type == "MOBILIZE" and _agentless(tok):
            source = speaker(sent, actors)  # "troops were sent to the border, the ministry said": its own
            borrowed = bool(source)
        if any(t.pos_ == "PRON" for t in tok.subtree if t.dep_ in {"nsubj", "poss"}):
            borrowed = True
        target = [t for t in target if t not in source]
        if not target and source and cue.type in VERBAL_QUAD:
            # "Putin called for CSTO coordination. He proposed measures ...": same addressee
            target = [t for t in previous.get(source[0], []) if t not in source]
            borrowed = bool(target)
        type_: EventType = trig.type
        if cue.joint and (len(source) > 1 or target or any(c.lower_ == "joint" for c in tok.children)):
            type_ = cue.joint
        if not target and source and type_ == "MOBILIZE":
            target = self.across_border(tok, source, actors)  # "sent troops to the border with X": X
        apart: list[str] = []
        both = source + [t for t in target if t not in source]
        exchanged = tok.dep_ == "dobj" and tok.head.lemma_.lower() in w.fight_nouns  # "exchanged gunfire"
        if tok.lemma_.lower() in self.shared or exchanged or (len(both) > 1 and (cue.mutual or type_ != trig.type)):
            apart = _opponents_apart(source, target, actors) if type_ == "ASSAULT" else []
            source, target = both, list(both)  # talks, accords, joint acts, clashes: every party on both sides
        elif type_ == "CONSULT" and len(both) > 2:
            source, target = both, list(both)  # a meeting of three or more: every participant on both sides
        elif _partners(type_, trig.cue, target) and len(source) > 1:
            target = source + [t for t in target if t not in source]  # "X and Y agreed to ...": partners
        reported = reports_event(tok, actors, type_, w) and not (cue.dyadic and not target and len(source) < 2)
        if not cue.hand and not (source and target):
            reported = False  # a dictionary verb is coded only between two named parties
        if type_ == "THREATEN" and _thing_subject(tok, actors):
            reported = False  # "sanctions threaten stability" is an assessment (threats), not a threat made
        if cue is MODAL_REQUEST and _same_side(source, target, actors):
            reported = False  # "Putin said Moscow must act": his own side's duty, not a request
        return Candidate(trig, type_, source, target, borrowed, reported, apart)

    def _verb_args(self, tok: Token, cue: Cue, actors: Actors) -> tuple[list[str], list[str]]:
        w = self.words
        source: list[str] = []
        target: list[str] = []
        subj, passive = subject(tok)
        if subj is not None:
            _add(source, actors.phrase(subj))
        if not source and tok.dep_ in {"acl", "advcl"}:  # "issued a declaration demanding that"
            subj, _ = subject(modality.clause_verb(tok.head))
            _add(source, actors.phrase(subj) if subj is not None else [])
        if not source and passive and cue.type == "MOBILIZE":  # "troops were placed on alert": they mobilize
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    _add(source, actors.phrase(c))
            if source:
                return source, []
        charge = _charge(tok, w.blame_on_verbs)
        if not source and charge is not None and charge.accused is not None:  # "accused X of opening fire"
            _add(source, actors.phrase(charge.accused))
        if not source and (claimant := _claimant(tok, w)) is not None:  # "IS claimed the militants fired"
            _add(source, actors.phrase(claimant))
        if not source and passive and cue.type in PLACED:  # "were killed in a shootout with X": by X's fire
            for x in _fought_with(tok, w):
                _add(source, actors.phrase(x))
        if not source and passive and cue.type == "ASSAULT":  # "shots were fired from the Tajik side"
            _add(source, _fired_from(tok, actors))
        for c in tok.children:
            if c.dep_ in {"dobj", "dative"} or (passive and c.dep_ == "nsubjpass"):
                _add(target, actors.phrase(c))
        for p in _pobjs(tok, cue.targets or w.verb_targets):
            _add(target, actors.phrase(p))
        for c in tok.children:  # "imposed sanctions on X": the object the cue needs carries the target
            if c.dep_ == "dobj" and c.lemma_.lower() in cue.context:
                for p in _pobjs(c, cue.targets or w.verb_targets):
                    _add(target, actors.phrase(p))
        target = _not_own_state([t for t in target if t not in source], source, actors)
        if not target and cue.type in PLACED:
            target = [t for t in self.holders(tok, actors) if t not in source]  # "shelled a Tajik village"
        if not target and cue.type in PLACED:
            target = self.accusers_side(tok, source, actors)  # "X accused Y of shelling": X's side
        if not target and cue.type in PLACED and source and not _clause_places(tok, actors):
            target = self.reporters_side(tok, source, actors)  # "X said Y's troops opened fire": at X
        if not target and cue.type in REACTIONS:  # "condemned the killing of civilians by X": X
            for c in tok.children:
                if c.dep_ == "dobj":
                    for p in _pobjs(c, ("by",)):
                        _add(target, [a for a in actors.phrase(p) if a not in source])
        if not target and cue.type in VERBAL:
            for c in tok.children:  # "demanded that Israel ease ...", not "denied that its troops ..."
                if c.dep_ == "ccomp":
                    s, _ = subject(c)
                    _add(target, _others(actors.phrase(s), source, actors) if s is not None else [])
        if not target:  # "called for strengthened CSTO coordination"
            for c in tok.children:
                if c.dep_ == "prep" and cue.targets and c.lower_ not in cue.targets:
                    continue  # "escaped into X" is no escape from X
                if (c.dep_ in {"dobj", "xcomp", "prep", "nsubjpass"} or _infinitive(c)) and c.lower_ not in w.settings:
                    # "agreed to withdraw troops": their own, not a party; "fled fighting X": X is
                    clause = (c.dep_ == "xcomp" or _infinitive(c)) and cue.type in VERBAL_QUAD
                    # not what a relative clause tells ("arrested two men who had come from X")
                    told = _relative_clauses(c)
                    for t in c.subtree:  # not the topic of a noun ("a deal on the X-Y railway")
                        if t.i in told:
                            continue
                        if t.dep_ in {"pobj", "dobj", "poss", "compound", "amod", "nmod"} and not _topic(t, c, w):
                            found = actors.at(t)
                            _add(target, _not_own_body(found, source, actors) if clause else found)
        target = _not_own_state([t for t in target if t not in source], source, actors)
        if not target and cue.mode == "seize":  # "seized the town of X", "took over Kabul": X's state
            taken = [c for c in tok.children if c.dep_ == "dobj"]
            taken += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
            for p in taken:
                _add(target, [s for s in _host_state(p, actors) if s not in source])
        if cue.type == "MOBILIZE":
            target = _others(target, source, actors)  # "sending troops": its own forces are what it moves
        return source, target

    def across_border(self, tok: Token, source: list[str], actors: Actors) -> list[str]:
        """The state across the border forces are moved to ("toward the border with
        Afghanistan", "to the Afghan border"): who the mobilization faces."""
        own = {c for s in source if (c := actors.countries.get(s))}
        for t in modality.clause_verb(tok).subtree:
            if t.lemma_.lower() not in self.words.border_nouns or t.dep_ == "compound":
                continue  # not "border troops"
            sides = [s for p in _pobjs(t, ("with",)) for s in actors.phrase(p)] + self.adjective_states(t, actors)
            across = [s for s in sides if actors.countries.get(s) not in own and s not in source]
            if not sides:  # "toward the border": the border the article last named on the mover's side
                named = self.named_border(t.idx, own, actors)
                across = [s for iso in named if (s := actors.state(iso, t.idx, _end(t)))]
            if across:
                return across[:1]
        return self.frontier_of_destination(tok, own, actors)

    def frontier_of_destination(self, tok: Token, own: set[str], actors: Actors) -> list[str]:
        """Forces sent to a province of their own state that lies along one foreign state
        ("troops were sent to Gorno-Badakhshan", on the Afghan frontier): that state."""
        if self.gazetteer is None:
            return []
        verb = modality.clause_verb(tok)
        for p in _pobjs(verb, self.words.destination_prepositions):
            for pid in (i for t in p.subtree for i in actors.at(t, "place")):
                place = actors.doc.record.place(pid)
                if place is None or place.feature not in {"admin1", "city"} or place.country not in own:
                    continue
                facing = self.gazetteer.bordering(pid) - own
                if len(facing) == 1:
                    iso = next(iter(facing))
                    found = actors.state(iso, p.idx, _end(p))
                    return [found] if found else []
        return []

    @staticmethod
    def named_border(before: int, own: set[str], actors: Actors) -> list[str]:
        """The other side of the last border place named before ``before`` that has one of
        ``own`` on one side ("the Afghan-Tajik border ... troops toward the border")."""
        best: tuple[int, str] | None = None
        for place in actors.doc.record.places:
            other = [c for c in border_sides(place.id) or () if c not in own]
            if len(other) != 1:
                continue  # not a border, or none of ``own`` on it
            for start, _ in place.mentions:
                if start < before and (best is None or start > best[0]):
                    best = (start, other[0])
        return [best[1]] if best else []

    def reporters_side(self, tok: Token, source: list[str], actors: Actors) -> list[str]:
        """The side of a state that reports another's act of force done nowhere else ("Tajikistan
        said Kyrgyz troops had opened fire first"): the act was done to the reporter's side."""
        say = _saying_head(tok, self.words.say_verbs)
        speaker_tok = subject(say)[0] if say is not None else None
        if speaker_tok is None or modality.clause_verb(tok).dep_ != "ccomp":
            return []
        return _own_side(actors.phrase(speaker_tok), source, actors)

    def holders(self, tok: Token, actors: Actors) -> list[str]:
        """The state whose place an act of force hit, named by its adjective ("shelled a Tajik
        village", "fired on Kyrgyz homes"): that state, as a side."""
        objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]  # "Kyrgyz villages were shelled"
        objects += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"on", "at"} for p in c.children]
        for o in objects:
            if o.lemma_.lower() not in self.words.held_places or o.dep_ not in {"dobj", "pobj", "nsubjpass"}:
                continue
            if found := self.adjective_states(o, actors):
                return found[:1]
        return []

    def adjective_states(self, noun: Token, actors: Actors) -> list[str]:
        """The states a noun's adjectives name ("a Tajik village", "the Afghan border"), as
        sides: states the record lacks are set aside (``Actors.state``)."""
        out: list[str] = []
        mods = [m for m in noun.children if m.dep_ in {"amod", "compound", "nmod"}]
        mods += [g for m in mods if m.dep_ == "compound" for g in m.children if g.dep_ in {"amod", "compound"}]
        for m in mods:  # "a Tajik village", "a Kyrgyz border post"
            iso = self.adjectives.get(fold(m.text))
            if iso and (state := actors.state(iso, m.idx, _end(m))):
                out.append(state)
        return out

    def accusers_side(self, tok: Token, source: list[str], actors: Actors) -> list[str]:
        """In a charge the accuser's side is the one the act hit, unless said otherwise."""
        charge = _charge(tok, self.words.blame_on_verbs)
        if charge is None or charge.accuser is None:
            return []
        said = self.lexicon.match(charge.verb) if charge.verb.lemma_ != "be" else None
        if charge.verb.lemma_ != "be" and (said is None or said.type != "ACCUSE"):
            return []  # "X said Y was responsible for it" charges Y, as "X accused Y of it" does
        return _own_side(actors.phrase(charge.accuser), source, actors)

    def _noun_args(self, tok: Token, cue: Cue, actors: Actors) -> tuple[list[str], list[str]]:
        w = self.words
        source: list[str] = []
        target: list[str] = []
        for c in tok.children:
            if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                _add(source, actors.within(c.left_edge.idx, _end(c.right_edge)))
        agents = ("by",) if "from" in (cue.targets or ()) else ("by", "from")  # "an attack from X"
        for p in _pobjs(tok, agents):
            _add(source, actors.phrase(p))
        for p in _pobjs(tok, ("of",)):  # "the deployment of NATO troops": the forces act
            if p.lemma_.lower() in self.forces and cue.type not in PLACED:  # not "the killing of soldiers"
                _add(source, actors.phrase(p))
        anchors = [tok, tok.head] if tok.dep_ == "compound" else [tok]  # "a mediation mission between"
        parties = list(anchors)  # who is "between": the noun's, or its setting's ("on the border between")
        if tok.lemma_.lower() in w.fight_nouns:
            holders = [tok, tok.head] if tok.dep_ == "nsubj" else [tok]
            parties += [p for h in holders for p in _pobjs(h, ("on", "at", "along", "across", "near", "in"))]
            parties += holders[1:]  # "clashes erupted between X and Y"
            parties += _pobjs(tok, ("of",))  # "an exchange of fire between X and Y"
        if cue.type in {"RETREAT", "MOBILIZE"}:  # "the pullout of French troops from X"
            anchors += [p for p in _pobjs(tok, ("of",)) if p.lemma_.lower() in self.forces]
        verb = _object_verb(tok)
        if verb is not None:
            anchors.append(verb)  # "voiced thanks to X", "pledged $50 million in aid to X"
        for a in anchors:
            for p in _pobjs(a, cue.targets or w.noun_targets):
                _add(target, actors.phrase(p))
        if not target and cue.type == "ACCUSE":  # "her allegation that X is arming rebels": X is accused
            for c in tok.children:
                if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children):
                    subj, _ = subject(c)
                    if subj is not None:
                        _add(target, [a for a in actors.phrase(subj) if a not in source])
        for a in parties:
            for p in _pobjs(a, ("between", "among")):
                _add(target, actors.phrase(p))
                _add(target, _misattached_party(p, actors))
        if not source and any(_pobjs(a, ("between", "among")) for a in parties):
            verb = modality.clause_verb(tok)
            subj = subject(verb)[0] if verb.i != tok.i else None
            if subj is None or not actors.phrase(subj):
                return list(target), list(target)  # "talks between X and Y": both sides
        if not source and (claimant := _noun_claimant(tok, w)) is not None:
            _add(source, actors.phrase(claimant))  # "the attack was claimed by X", "X claimed responsibility for it"
        if cue.mode == "seize" and not [t for t in target if t not in source]:  # "the takeover of Kabul"
            for p in _pobjs(tok, ("of",)):
                _add(target, [s for s in _host_state(p, actors) if s not in source])
        went = _purpose_verb(tok, w) if not target else None
        if went is not None:  # "travel to X for talks", "arrived in X for a visit": X is met
            into = ("to", "into", "in") if went.lemma_.lower() in w.arrival_verbs else ("to", "into")
            for p in _pobjs(went, into):
                _add(target, [a for a in actors.phrase(p) if a not in source] or _host_state(p, actors))
            traveller, _ = subject(went)
            if not source and traveller is not None:  # whoever travels meets
                _add(source, [a for a in actors.phrase(traveller) if a not in target])
        # "closed the border after clashes with X": the subject clashed, though the clash only dates the clause
        fought = tok.lemma_.lower() in w.fight_nouns and bool(_pobjs(tok, ("with",)))
        dated = tok.dep_ == "pobj" and tok.head.lower_ in w.temporal and not fought
        if not dated and (not source or not target):
            verb = modality.clause_verb(tok)  # "during a meeting with X", not "after the fall of X"
            above = self.lexicon.match(verb) if verb.i != tok.i else None  # "welcomed the agreement": no party to it
            reacting = not source and above is not None and above.type in REACTIONS and above.type != cue.type
            told = verb.lemma_.lower() in w.recording_verbs or reacting
            if verb.i != tok.i and _argument_of(tok, verb, w) and not told:
                subj, _ = subject(verb)
                if subj is not None and subj.i != tok.i and tok not in subj.subtree:
                    # the clause's subject acts ("X launched an attack"), unless the noun names its
                    # own agent: then the subject undergoes it ("X came under fire from Y")
                    _add(target if source else source, [a for a in actors.phrase(subj) if a not in source])
            if fought and not source and target and verb.lemma_.lower() in w.recording_verbs:
                subj, _ = subject(verb)  # "Tajik officials report clashes with traffickers": Tajikistan's
                source = _own_side(actors.phrase(subj), target, actors) if subj is not None else []
        return source, [t for t in target if t not in source]

    # -- coding ----------------------------------------------------------------
    def code(
        self, doc: Document, sent: Span, cand: Candidate, n: int, actors: Actors, anchors: dict[str, str]
    ) -> Event:
        trig, tok = cand.trigger, cand.trigger.token
        w = self.words
        conf = trig.cue.weight + 0.15 * bool(cand.source) + 0.1 * bool(cand.target)
        conf += 0.05 * bool(trig.cue.context) - 0.1 * cand.borrowed - 0.05 * min(3, _depth(tok))
        size = self.magnitudes.measure(sent) if cand.type in MEASURED else None
        status = self.modality.status(tok)
        type_ = cand.type
        if status == "negated" and any(g.lemma_.lower() in w.pledge_verbs for g in modality.governors(tok, 2)):
            type_, status = "AGREE", "intended"  # "promised it would not arm X": the promise is the event
        elif status == "conditional" and type_ in MATERIAL and modality.ultimatum(tok):
            type_, status = "THREATEN", "occurred"  # "will pull out unless X complies": a threat, once said
        elif status == "conditional" and type_ in SPEECH_ACTS and tok.pos_ == "VERB" and _past(tok):
            status = "occurred"  # "warned X of consequences if ...": the warning was made; its content is the condition
        when = event_date(doc, sent, tok, cand.type, status, anchors, w, self.grammar)
        return Event(
            id=f"e{n + 1}", type=type_, mode=trig.cue.mode, cameo=trig.cue.cameo,
            source=cand.source, target=cand.target, date=when,
            place=event_place(sent, tok, actors), status=status, magnitude=size,
            evidence=evidence(doc, sent), confidence=round(min(0.95, max(0.05, conf)), 2),
            trigger=trig.text,
        )  # fmt: skip


def _argument_of(noun: Token, verb: Token, w: WordLists) -> bool:
    """The event noun is the verb's object or sits in one of its prepositional phrases
    ("launched an attack", "fled from clashes"), not inside another noun phrase
    ("detained the perpetrators of the assault")."""
    if noun.dep_ == "compound":  # "the ratification instruments": the phrase's head stands for it
        noun = noun.head
    for t in noun.ancestors:
        if t.i == verb.i:
            return True
        coordinated = noun.dep_ == "conj" and t.i == noun.head.i
        if t.pos_ in {"NOUN", "PROPN"} and not coordinated and t.lemma_.lower() not in w.transparent_nouns:
            return False
    return False


def _claimant(tok: Token, w: WordLists) -> Token | None:
    """Who claims the act, when the act is the content of a claim ("an IS statement claimed
    the militants fired ..."): a claim of responsibility makes the claimant the source."""
    verb = modality.clause_verb(tok)
    if verb.dep_ not in {"ccomp", "xcomp"} or verb.head.lemma_.lower() not in w.claiming_verbs:
        return None
    subj, _ = subject(verb.head)
    return subj


def _noun_claimant(noun: Token, w: WordLists) -> Token | None:
    """Who claims an act named by a noun: the agent of "the attack was claimed by X", the
    subject of "X claimed (responsibility for) the attack"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for" and head.head.dep_ == "dobj":
        head, noun = head.head.head, head.head  # "claimed responsibility for the attack"
    if head.lemma_.lower() not in w.claiming_verbs or head.i == noun.i:
        return None
    if noun.dep_ == "nsubjpass":
        return next((p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    return subject(head)[0] if noun.dep_ == "dobj" else None


@dataclass
class Charge:
    """ "X accused Y of shelling", "blamed Y for the raid", "charged Y with planning": the
    verb of the charge, its subject (the accuser) and its object (who does the act)."""

    verb: Token
    accuser: Token | None
    accused: Token | None


def _blamed_on(verb: Token, blaming: frozenset[str]) -> list[Token]:
    """Whom "blamed the attack on X" blames: X."""
    if verb.lemma_.lower() not in blaming:
        return []
    return [
        p
        for obj in verb.children
        if obj.dep_ == "dobj"
        for c in [*obj.children, *verb.children]
        if c.dep_ == "prep" and c.lower_ == "on"
        for p in c.children
        if p.dep_ == "pobj"
    ][:1]


def _charge(tok: Token, blaming: frozenset[str]) -> Charge | None:
    """The charge whose "of/for/with" phrase holds the act: the trigger, or the verb whose
    object names it ("accused X of carrying out air strikes")."""
    if tok.dep_ == "dobj" and (on := _blamed_on(tok.head, blaming)):
        return Charge(tok.head, subject(tok.head)[0], on[0])  # "blamed the attack on X"
    light = _object_verb(tok) if tok.pos_ == "NOUN" else None
    act = light if light is not None and light.dep_ == "pcomp" else tok
    prep = act.head
    if act.dep_ not in {"pcomp", "pobj"} or prep.dep_ != "prep" or prep.lower_ not in {"of", "for", "with", "behind"}:
        return None
    copula = prep.head if prep.head.lemma_ == "be" else prep.head.head
    if copula.lemma_ == "be" and (prep.lower_ == "behind" or prep.head.dep_ in {"acomp", "xcomp", "attr"}):
        # "Y was responsible for / to blame for / behind the attack": Y is charged, by whoever said so
        said = copula.head if copula.dep_ == "ccomp" else None
        return Charge(copula, subject(said)[0] if said is not None else None, subject(copula)[0])
    if prep.lower_ == "behind":
        return None
    if prep.head.pos_ == "ADJ" and prep.head.dep_ == "amod" and prep.head.head.dep_ == "dobj":
        held = prep.head.head  # "held [X responsible] for the shelling": X is charged
        return Charge(held.head, subject(held.head)[0], held)
    if prep.head.pos_ == "ADJ" and prep.head.dep_ in {"oprd", "xcomp", "acomp"}:
        verb = prep.head.head  # "held X [responsible for the shelling]"
        return Charge(verb, subject(verb)[0], next((c for c in verb.children if c.dep_ == "dobj"), None))
    verb = prep.head.head if prep.head.dep_ == "dobj" else prep.head  # "accused [X of firing]"
    accused = next((c for c in prep.head.children if c.dep_ == "dobj"), None)
    return Charge(verb, subject(verb)[0], accused)


def _opponents_apart(source: list[str], target: list[str], actors: Actors) -> list[str]:
    """ "X clashed with Pakistani and Iranian forces": opponents of two or more states are
    fought separately, one dyad each (both parties on both sides, as in every clash); one
    state's bodies ("army and police") stay one side."""
    opponents = [t for t in target if t not in source]
    states = {actors.countries.get(t) for t in opponents}
    if not source or len(opponents) < 2 or None in states or len(states) < len(opponents):
        return []
    return opponents


def _one_per_opponent(cand: Candidate) -> list[Candidate]:
    if not cand.apart:
        return [cand]
    own = [s for s in cand.source if s not in cand.apart]
    return [replace(cand, source=[*own, o], target=[*own, o], apart=[]) for o in cand.apart]


def _names_both_sides(tok: Token, role: str) -> bool:
    """Whether the trigger's subject (``role`` "source") or object ("target") is "both
    sides", "the two sides", "the sides": the parties of the fighting told before."""
    verb = modality.clause_verb(tok)
    if role == "source":
        phrases = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    else:
        phrases = [c for c in tok.children if c.dep_ in {"dobj", "dative"}]
        phrases += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return any(p.lower_ == "sides" and any(d.lower_ in {"both", "two", "the"} for d in p.children) for p in phrases)


def _fighting(cand: Candidate, w: WordLists) -> bool:
    return cand.type == "ASSAULT" and cand.trigger.token.lemma_.lower() in w.fight_nouns


def _unopposed(cand: Candidate, w: WordLists) -> bool:
    """Fighting told with no party of its own ("clashes broke out"), not "clashes with smugglers"."""
    tok = cand.trigger.token
    opposed = any(c.dep_ == "prep" and c.lower_ in {"with", "between", "against"} for c in tok.children)
    return _fighting(cand, w) and not opposed


def _partners(type_: str, cue: Cue, target: list[str]) -> bool:
    """Acts several sources do together with one another: "X and Y agreed", "X and Y met", "X
    and Y cooperate", and a ceasefire the two sides keep."""
    return type_ in SYMMETRIC or (type_ == "COOPERATE" and not target) or cue.mode == "ceasefire"


def _truce(cand: Candidate) -> bool:
    return cand.trigger.cue.mode == "ceasefire"


def _merge_retold(events: list[Event]) -> list[Event]:
    """One happening told twice ("IS claimed it fired rockets ... The group said it launched
    seven rockets on May 7"): same type and status, sharing a source and a target, one of
    them dated and the other not. The first telling stays, with the finer date and the other's sides."""
    out: list[Event] = []
    for e in events:
        same = next((o for o in out if _retold(o, e)), None)
        if same is None:
            out.append(e)
            continue
        same.date = max((same.date, e.date), key=lambda d: len(d or ""))
        _add(same.source, e.source)
        _add(same.target, [t for t in e.target if t not in same.source or same.type in SYMMETRIC])
    return out


def _retold(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status or bool(a.date) == bool(b.date):
        return False  # two dated tellings are two happenings; two undated ones cannot be told apart
    if _mutual(a) and _mutual(b):  # a clash is told again only with the same two parties
        return len(set(a.source) & set(b.source)) >= min(2, len(a.source), len(b.source))
    return bool(set(a.source) & set(b.source)) and bool(set(a.target) & set(b.target))


def _mutual(e: Event) -> bool:
    return set(e.source) == set(e.target)


def _complete(event: Event, agentless: bool) -> bool:
    """Both sides known, as a dyad needs; one country's own mobilization has no target, and
    an act in the passive with no agent named ("three men were arrested") no source."""
    if event.source and event.target:
        return True
    if event.source and event.type == "MOBILIZE":
        return True
    return bool(event.target) and agentless


def _placed_state(doc: Document, event: Event, actors: Actors, local: set[int]) -> list[str]:
    """The state an act of force hit, when only its place is named ("shelled a village in X"):
    PLOVER codes an unnamed target by the country it is in, named or not."""
    place = doc.record.place(event.place) if event.place else None
    if place is None or not place.mentions or id(event) not in local:
        return []
    return actors.place_state(place.id, *place.mentions[0])


def _host_state(place: Token, actors: Actors) -> list[str]:
    """The state of the place a phrase names ("Kabul", "the town of X"), for a city
    travelled to or seized when the text names no actor there."""
    named = (pid for t in place.subtree for pid in actors.at(t, "place"))  # "the town of X": X
    return actors.place_state(next(named, None), place.idx, _end(place))


def _infinitive(tok: Token) -> bool:
    """A "to" clause the parser hung as an adverbial ("decided in 2019 to lease the airfield to X")."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _on_people(tok: Token, people: frozenset[str]) -> bool:
    """The act's object names people, not an actor ("killed two civilians", "26 people were detained")."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(o.lemma_.lower() in people and o.pos_ == "NOUN" for o in objects)


def _victims_state(doc: Document, event: Event, actors: Actors, sent_start: int) -> list[str]:
    """The state whose people an act of force hit: that of its place, else of the place the
    report last named before its sentence (ACLED codes such victims "Civilians (country)")."""
    place = doc.record.place(event.place) if event.place else None
    if place is None:
        before = [m for m in actors.mentions if m.kind == "place" and sent_start - VICTIM_WINDOW <= m.end <= sent_start]
        place = doc.record.place(before[-1].ref) if before else None
    if place is None or not place.country:
        return []
    states = [a for a, kind in actors.kinds.items() if kind == "state" and actors.countries.get(a) == place.country]
    return [s for s in states if s not in event.source][:1]


def _agentless(tok: Token) -> bool:
    if tok.pos_ != "VERB" or any(c.dep_ == "agent" for c in tok.children):
        return False
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)


def _background(tok: Token, w: WordLists) -> bool:
    """An event noun that only dates or qualifies the clause ("despite repeated requests")."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in w.temporal


def _topic(tok: Token, top: Token, w: WordLists) -> bool:
    """True when ``tok`` sits in an "on/about X" phrase of a noun below ``top``."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ in w.topics and tok.head.pos_ == "NOUN":
            return True
        tok = tok.head
    return False


def _thing_subject(tok: Token, actors: Actors) -> bool:
    """The verb's own subject is a common noun naming no actor ("sanctions threatened ...")."""
    if tok.pos_ != "VERB":
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.pos_ == "NOUN" and not actors.phrase(subj) and not actors.phrase(subj, "place")


def _told_before(cand: Candidate, events: list[Event], actors: Actors, w: WordLists) -> Event | None:
    """The earlier event a bare definite event noun points back to ("the attack", "the drills").

    A noun with its own arguments ("the fall of X", "the withdrawal from X") names a
    happening of its own; a bare one repeats the last event of its type whose sides it
    does not contradict.
    """
    tok = cand.trigger.token
    if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in w.definite_determiners for c in tok.children):
        return None
    if any(c.dep_ in {"compound", "poss", "nmod", "acl", "relcl"} or _placing(c, actors) for c in tok.children):
        return None
    for e in reversed(events):
        if e.type not in {cand.type, cand.trigger.cue.joint}:  # "the drills" after joint drills
            continue
        fits = all(
            not mine or not theirs or set(mine) & set(theirs) or _states(mine, actors) & _states(theirs, actors)
            for mine, theirs in ((cand.source, e.source), (cand.target, e.target))
        )
        return e if fits else None
    return None


def _sides_named(sent: Span, actors: Actors) -> list[str]:
    """ "The two sides issued death tolls as a ceasefire held": the pair "the two sides" stands
    for, named elsewhere in the sentence."""
    for tok in sent:
        if tok.lemma_.lower() in actors.words.pair_nouns and tok.pos_ == "NOUN":
            pair = actors.phrase(tok)
            if len(pair) == 2:
                return pair
    return []


def _states(ids: list[str], actors: Actors) -> set[str]:
    return {c for i in ids if (c := actors.countries.get(i))}


def _placing(prep: Token, actors: Actors) -> bool:
    """A prepositional argument of its own ("of X", "against X", "in Kabul"), not "in a statement"."""
    if prep.dep_ != "prep":
        return False
    if prep.lower_ != "in":
        return True
    return any(actors.phrase(p, kind="place") or actors.phrase(p) for p in prep.children if p.dep_ == "pobj")


def _same_event(a: Candidate, b: Candidate, w: WordLists) -> bool:
    """One interaction told twice in a sentence ("stressed the importance of working with X");
    not two acts told in coordinated clauses ("is staging raids ... and is conducting deportations")."""
    if a.type != b.type or a.source != b.source or _coordinated_acts(a, b):
        return False
    if not a.source and _fighting(a, w) != _fighting(b, w):
        return False  # "since clashes erupted, 35 were killed": the fighting, and a toll of it
    return not a.target or not b.target or bool(set(a.target) & set(b.target))


def _coordinated_acts(a: Candidate, b: Candidate) -> bool:
    """Two triggers in clauses joined by "and": two acts of one subject."""
    x, y = modality.clause_verb(a.trigger.token), modality.clause_verb(b.trigger.token)
    return x.i != y.i and ((y.dep_ == "conj" and y.head.i == x.i) or (x.dep_ == "conj" and x.head.i == y.i))


def _one_act(a: Candidate, b: Candidate) -> bool:
    """An act of force and its outcome or circumstance told in two clauses of a sentence
    ("attacked a post, killing three officers"; "two guards were killed when troops opened
    fire"): one event, when the clauses do not name different attackers."""
    if a.type != b.type or a.type not in PLACED or (a.source and b.source and a.source != b.source):
        return False
    x, y = a.trigger.token, b.trigger.token
    if _described_by(x, y) or _described_by(y, x):
        return True
    return x.pos_ == "VERB" and y.pos_ == "VERB" and (_adverbial_under(y, x) or _adverbial_under(x, y))


def _past(verb: Token) -> bool:
    """A verb told as done: past tense, or a perfect ("has warned")."""
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children))


def _conditioned(tok: Token, actors: Actors, w: WordLists) -> list[str]:
    """Whoever a threat's condition names as acting: "threatened to retaliate if Pakistan
    carried out strikes", "would respond unless X withdrew"."""
    out: list[str] = []
    for verb in [tok, *(c for c in tok.children if c.dep_ == "xcomp")]:
        for clause in verb.children:
            marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
            if clause.dep_ == "advcl" and marks & w.condition_marks:
                subj, _ = subject(clause)
                _add(out, actors.phrase(subj) if subj is not None else [])
    return out


def _purpose_verb(tok: Token, w: WordLists) -> Token | None:
    """The verb of movement a "for talks" phrase gives the purpose of, even where the parser hung
    it on a time phrase between them ("fly to X before the end of the month for talks")."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in w.purposes:
        return None
    up = tok.head.head
    for _ in range(3):
        if up.pos_ == "VERB":
            return up
        if up.dep_ not in {"pobj", "prep"}:
            return None
        up = up.head
    return None


def _dwellers(tok: Token, actors: Actors) -> list[str]:
    """Who lives or stays where an act of force struck: "raided homes where refugees lived",
    "shelled a school where families were sheltering" hit those people."""
    places = [c for c in tok.children if c.dep_ == "dobj"]
    places += [p for prep in tok.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"]
    places += [c for p in places for c in p.conjuncts]
    out: list[str] = []
    for place in places:
        for clause in (c for c in place.children if c.dep_ == "relcl"):
            if not any(w.dep_ == "advmod" and w.lower_ == "where" for w in clause.subtree):
                continue
            for subj in (w for w in clause.subtree if w.dep_ in {"nsubj", "nsubjpass"} and w.lower_ != "where"):
                _add(out, actors.phrase(subj))
    return out


def _described_by(noun: Token, verb: Token) -> bool:
    """ "the bombing that killed 14 worshippers", "an attack which wounded three": a clause
    on an act's noun tells what that act did."""
    return noun.pos_ == "NOUN" and verb.dep_ == "relcl" and verb.head.i == noun.i


def _adverbial_under(low: Token, high: Token) -> bool:
    """Whether ``low`` is in an adverbial clause below ``high`` (or below a verb coordinated
    with it): "were killed and four wounded when troops opened fire"."""
    top = high
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head  # the first of coordinated verbs stands for them all
    path: list[Token] = []
    for anc in [low, *low.ancestors][:4]:
        if anc == top:
            return any(t.dep_ == "advcl" for t in path)
        path.append(anc)
    return False


def _not_own_state(target: list[str], source: list[str], actors: Actors) -> list[str]:
    """Drops the source's own state from the target: "Putin reaffirmed Russia's commitment"."""
    own = {actors.countries.get(s) for s in source if actors.kinds.get(s) != "state"} - {None}
    return [t for t in target if not (actors.kinds.get(t) == "state" and actors.countries.get(t) in own)]


def _not_own_body(ids: list[str], source: list[str], actors: Actors) -> list[str]:
    """Drops the source's own state and its bodies: "agreed to withdraw troops" names what
    the parties move, not a party."""
    own = {actors.countries.get(s) for s in source} - {None}
    mine = {"state", "government"}
    return [i for i in ids if not (actors.kinds.get(i) in mine and actors.countries.get(i) in own)]


def _others(ids: list[str], source: list[str], actors: Actors) -> list[str]:
    """Those not of the source's own country."""
    own = {actors.countries.get(s) for s in source} - {None}
    return [i for i in ids if actors.countries.get(i) not in own]


def _own_side(accusers: list[str], source: list[str], actors: Actors) -> list[str]:
    """The accusers' state (else the accusers themselves), when it is not the accused's."""
    theirs = {actors.countries.get(s) for s in source} - {None}
    for a in accusers:
        country = actors.countries.get(a)
        if country is None or country in theirs or a in source:
            continue
        state = next((i for i, k in actors.kinds.items() if k == "state" and actors.countries.get(i) == country), a)
        return [state]
    return []


def _fought_with(tok: Token, w: WordLists) -> list[Token]:
    """Whom "were killed in a shootout with X" were fighting: X."""
    fights = [f for f in _pobjs(tok, ("in", "during")) if f.lemma_.lower() in w.fight_nouns]
    return [x for f in fights for x in _pobjs(f, ("with",))]


def _fired_from(tok: Token, actors: Actors) -> list[str]:
    """The state whose side "shots were fired from": the shooter."""
    return [a for x in _pobjs(tok, ("from",)) for a in actors.phrase(x) if actors.kinds.get(a) == "state"]


def _gerund_noun(tok: Token) -> bool:
    """ "Fighting between X and Y continued": a gerund used as a noun, its parties in its phrases."""
    if tok.tag_ != "VBG" or tok.dep_ not in {"nsubj", "nsubjpass", "pobj"}:
        return False
    return not any(c.dep_ in {"nsubj", "dobj", "aux"} for c in tok.children)


def _relative_clauses(tok: Token) -> set[int]:
    """The token indices of the relative clauses below ``tok`` ("men who had come from X")."""
    clauses = [r for r in tok.subtree if r.dep_ == "relcl" and r is not tok]
    return {i for r in clauses for i in range(r.left_edge.i, r.right_edge.i + 1)}


def _culprit_clause(clause: Token, culprit_words: frozenset[str]) -> bool:
    """A clause "Y was responsible for / to blame for / behind ...": a copula with a culprit word."""
    if clause.lemma_ != "be":
        return False
    roles = {"acomp", "xcomp", "attr", "prep"}
    return any(c.lemma_.lower() in culprit_words and c.dep_ in roles for c in clause.children)


def _threatened(tok: Token, source: list[str], actors: Actors, settings: frozenset[str]) -> list[str]:
    """Whom a warning of force threatens when it names no one warned: the first party of
    another side its clause names ("would strike X", "if X attacks", "any incursion from X")."""
    for t in tok.subtree:
        if t.i <= tok.i or t.dep_ not in {"dobj", "pobj", "nsubj", "compound"}:
            continue
        if t.dep_ == "pobj" and t.head.lower_ in settings:
            continue  # "attacks on its base in X": where, not whom
        found = [a for a in actors.phrase(t) if a not in source]
        if found and not _same_side(source, found, actors):
            return found
    return []


def _same_side(source: list[str], target: list[str], actors: Actors) -> bool:
    mine = {actors.countries.get(s) for s in source} - {None}
    theirs = {actors.countries.get(t) for t in target}
    return bool(mine) and theirs <= mine


def _depth(tok: Token) -> int:
    """How many clause links separate the trigger from the sentence's main verb."""
    return sum(1 for a in [tok, *tok.ancestors] if a.dep_ in {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp"})


def _drill(tok: Token, w: WordLists) -> bool:
    """An act of force told as part of a drill: its object is a dummy, or its clause is set
    "during" or "in" an exercise."""
    if any(o.dep_ == "dobj" and any(m.lower_ in w.simulated_words for m in o.subtree) for o in tok.children):
        return True
    verb = modality.clause_verb(tok)
    return any(
        p.lemma_.lower() in w.drill_nouns
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in {"during", "in"}
        for p in c.children
        if p.dep_ == "pobj"
    )


def reports_event(tok: Token, actors: Actors, type_: str, w: WordLists) -> bool:
    """False for speculation ("may attack"), states ("under sanctions"), hypotheticals
    ("the risk of an invasion") and agentless passives about no actor ("concerns were met")."""
    verb = modality.clause_verb(tok)
    for t in [tok, verb, *modality.governors(tok, 2)]:
        if any(c.dep_ == "aux" and c.lower_ in w.speculative_modals for c in t.children):
            return False
    if tok.pos_ == "NOUN":
        if tok.head.lower_ == "under" and type_ != "ASSAULT":
            return False  # "under sanctions" is a state; "under clashes" is fighting
        if tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in w.preventing_verbs:
            return False  # "thwarted an attack": no attack took place, and its thwarter made none
        return not any(a.lemma_.lower() in w.hypothetical_nouns for a in list(tok.ancestors)[:3])
    if type_ == "ASSAULT" and _drill(tok, w):
        return False  # "jets hit dummy targets", "during the exercise, jets struck": a drill
    agent = any(c.dep_ == "agent" for c in tok.children) or bool(_fought_with(tok, w))
    agent = agent or (type_ == "ASSAULT" and bool(_fired_from(tok, actors)))
    finite = any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in tok.children)
    # "X condemned Y and summoned Z": the second verb shares the first one's subject
    shared = tok.dep_ == "conj" and tok.head.pos_ == "VERB" and bool(subject(tok.head)[0])
    if tok.tag_ == "VBN" and tok.dep_ != "ROOT" and not agent and not finite and not shared:
        return False  # a participle describing a state: "the curfew imposed in", "banned in"
    patient = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if patient is not None and type_ == "MOBILIZE":  # "thousands of troops were sent": forces, named or not
        forces = w.force_nouns | w.people_nouns
        return any(t.lemma_.lower() in forces for t in patient.subtree) or bool(actors.at(patient))
    return agent or patient is None or patient.pos_ == "PRON" or bool(actors.at(patient))


def _coded_above(noun: Token, type_: str, triggers: dict[int, Trigger]) -> bool:
    """True when the verb governing an event noun is itself a trigger (of the same type, two links up)."""
    head = noun.head
    if head.i == noun.i:
        return False
    if head.i in triggers:
        above = triggers[head.i]
        if above.type in REACTIONS and above.type != type_:
            return False  # "denounced the killing": the killing is an act of its own
        return not above.cue.fallback  # "pledged aid": a bare intention yields to its act
    return head.pos_ == "ADP" and head.head.i in triggers and triggers[head.head.i].cue.type == type_


def _object_verb(noun: Token) -> Token | None:
    """The verb whose object holds the noun ("made an appeal", "pledged $5 million in aid")."""
    t = noun
    for _ in range(3):
        if t.dep_ == "dobj" and t.head.pos_ == "VERB":
            return t.head
        if t.dep_ != "pobj" or t.head.head.i == t.head.i:
            return None
        t = t.head.head  # up over the preposition to what it modifies
    return None


def _setting_of(noun: Token, type_: str, triggers: dict[int, Trigger]) -> bool:
    """An act of force named as where another happened ("killed six in a raid", "were
    wounded during an attack"): the verb tells the act."""
    prep = noun.head
    if type_ not in PLACED or noun.dep_ != "pobj" or prep.lower_ not in {"in", "during"}:
        return False
    above = triggers.get(prep.head.i)  # not "were killed in a shootout with X": the shootout names X
    return above is not None and above.type in PLACED and prep.head.pos_ == "VERB" and not _agentless(prep.head)


def _struck_by(noun: Token, triggers: dict[int, Trigger]) -> bool:
    """True when an event noun is what an act of force was done to ("ambushed a convoy",
    "fired on a patrol", "an attack on the checkpoint")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in {"on", "at", "against", "upon"}:
        head = head.head
    elif noun.dep_ not in {"dobj", "nsubjpass"}:
        return False
    return head.i in triggers and head.i != noun.i and triggers[head.i].cue.type in PLACED


def _motive(tok: Token, type_: str, triggers: dict[int, Trigger]) -> bool:
    """A verbal act in a purpose or manner clause of a material act ("blocked roads demanding",
    "staged rallies to demand")."""
    if type_ not in VERBAL or tok.dep_ not in {"advcl", "xcomp", "acl", "relcl"}:
        return False
    # the act is the verb above, or its object ("began a hunger strike to demand")
    acts = [x for a in list(tok.ancestors)[:2] for x in (a, *(c for c in a.children if c.dep_ == "dobj"))]
    return any(x.i in triggers and triggers[x.i].cue.type in MATERIAL for x in acts)


def _framed(tok: Token, triggers: dict[int, Trigger]) -> bool:
    """True when a verbal frame (REQUEST, THREATEN, AGREE, REJECT) takes the trigger as its content."""
    t = tok
    for _ in range(4):
        if t.dep_ not in FRAME_LINKS or t.head.i == t.i:
            return False
        link, t = t.dep_, t.head
        if t.i in triggers and triggers[t.i].cue.type in FRAMES and triggers[t.i].cue.weight >= 0.5:
            # a bare intention ("is ready to") leaves its act coded; so does a second act
            # coordinated with the frame's own verb ("denied the claim and accused X")
            return not (link == "conj" and t.pos_ == "VERB" and tok.pos_ == "VERB")
    return False


def _saying_head(tok: Token, say: frozenset[str]) -> Token | None:
    t = tok
    for _ in range(3):
        if t.dep_ not in {"ccomp", "xcomp", "conj"} or t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_.lower() in say:
            return t
    return None


def _modal_request(tok: Token, say: frozenset[str]) -> Trigger | None:
    """ "X said the organization must act": a request by the speaker to the clause's subject."""
    if tok.pos_ != "VERB":
        return None
    modal = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in {"must", "should"}), None)
    if modal is None or _saying_head(tok, say) is None:
        return None
    return Trigger(tok, MODAL_REQUEST, (modal, tok), "REQUEST")


def _anchor_key(noun: Token) -> str:
    """A named happening: "fall of kabul", "withdrawal of troops"."""
    of = [p.text.lower() for c in noun.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    return f"{noun.lemma_.lower()} of {of[0]}" if of else noun.lemma_.lower()


def event_date(
    doc: Document,
    sent: Span,
    tok: Token,
    type_: str,
    status: str,
    anchors: dict[str, str] | None,
    w: WordLists,
    grammar: TimeGrammar | None = None,
) -> str | None:
    """The time expression of the trigger's clause, else the nearest in the sentence.

    With none in the sentence, a clause dated by a happening dated earlier in the article
    ("days after the fall of Kabul") takes that date; a deed or a statement takes the last
    time expression of its paragraph before it ("On Tuesday, X met Y. X said ..."); other
    statements (verbal types) take the last day of the week's news named before them, else
    the publication date at its precision, as news reports speech of its day; plans and
    present states take the publication date; other deeds in the past tense stay undated,
    since articles recall undated history.
    """
    inside = [t for t in doc.timexes if sent.start_char <= t.start and t.end <= sent.end_char and t.value]
    inside = [t for t in inside if not _in_other_clause(t.start, sent, tok)]
    if inside:
        verb = modality.clause_verb(tok)
        lo, hi = verb.left_edge.idx, _end(verb.right_edge)
        pool = [t for t in inside if lo <= t.start and t.end <= hi] or inside
        chosen = min(pool, key=lambda t: abs(t.start - tok.idx))
        spoken = _speech_day(doc, sent, w) if chosen.relative and grammar is not None else None
        if spoken is not None and grammar is not None:  # "three days ago", said on June 2
            again = find_timexes(chosen.text, spoken, grammar)
            return again[0].value if again and again[0].value else chosen.value
        return chosen.value
    sp = sent.doc
    deps, heads, lowers, pos = parsed.deps(sp), parsed.heads(sp), parsed.lowers(sp), parsed.pos(sp)
    # "days after the fall of Kabul": the date that happening had earlier
    for i in range(sent.start, sent.end) if anchors else ():
        if deps[i] == "pobj" and lowers[heads[i]] in w.temporal and pos[i] == "NOUN":
            key = _anchor_key(sp[i])
            if anchors and " of " in key and key in anchors:
                return anchors[key]
    if status != "intended":
        told = _paragraph_time(doc, sent)  # "In November, X attacked Y. Z was detained.": November
        if told is not None:
            return told
    published = doc.record.published
    if status == "intended" and published:
        planned = _planned_time(doc, sent, published)
        if planned is not None:
            return planned
    verb = modality.clause_verb(tok)
    if not published or any(c.dep_ == "advmod" and c.lower_ in w.recalled for c in [*verb.children, *tok.children]):
        return None  # "Earlier, X said ...": said before the day of the article, on no day given
    if type_ not in VERBAL_QUAD and _saying_head(verb, w.say_verbs) is not None:
        told = _news_day(doc, sent, published)  # "X said Y had fired on Z", after the week's news: that day
        if told is not None:
            return told
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return None  # "said X had asked ...": the past perfect puts it before the report, undated
    if _present(verb) or status == "intended":
        return published
    if type_ in VERBAL_QUAD:  # a statement told after the day's news: that day, else the report's
        return _news_day(doc, sent, published) or published
    return None


# How far before publication a day the article names still belongs to the news it reports.
NEWS_DAYS = 7
# How many sentences before a reported one may give the day its speaker spoke.
SPEECH_SENTENCES = 2


def _speech_day(doc: Document, sent: Span, w: WordLists) -> str | None:
    """The day a statement was made, when the report gives it ("..., said X, speaking on
    Monday"; "X told reporters on June 2"), in its sentence or a sentence just before in
    the same paragraph: the statement's "yesterday" and "three days ago" count from it."""
    if doc.spacy is None or not _reported(sent, w):
        return None
    current: Span | None = sent
    for _ in range(SPEECH_SENTENCES + 1):
        if current is None:
            break
        for t in doc.timexes:
            if current.start_char <= t.start and t.end <= current.end_char and _said_on(doc, t, w):
                return t.value
        before = current.start - 1
        prior = doc.spacy[before].sent if before >= 0 else None
        text = doc.record.text or ""
        apart = prior is None or "\n" in text[prior.end_char : current.start_char]
        current = None if apart else prior
    return None


def _reported(sent: Span, w: WordLists) -> bool:
    """A sentence that reports what someone said: a quotation, "according to", or a verb of saying."""
    return any(t.is_quote or t.lower_ == "according" or t.lemma_.lower() in w.say_verbs for t in sent)


def _said_on(doc: Document, t: Timex, w: WordLists) -> bool:
    """A full date, not counted from another day, that dates a verb of saying ("speaking on June 2")."""
    if t.relative or not t.value or len(t.value) != 10 or doc.spacy is None:
        return False
    span = doc.spacy.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    verb = head.head if head.dep_ == "prep" else head
    return verb.pos_ == "VERB" and (verb.lemma_.lower() in w.say_verbs or verb.lemma_.lower() in w.speech_verbs)


def _news_day(doc: Document, sent: Span, published: str) -> str | None:
    """The last day named before the sentence that lies in the week before publication:
    "On Tuesday, X shelled Y. ... The ministry said ..." (published Thursday) was said Tuesday."""
    if len(published) < 10:
        return None
    pub = date.fromisoformat(published[:10])
    days = [t.value for t in doc.timexes if t.end <= sent.start_char and t.value and len(t.value) == 10]
    for day in reversed(days):
        try:
            gap = (pub - date.fromisoformat(day)).days
        except ValueError:
            continue
        if 0 < gap <= NEWS_DAYS:
            return day
    return None


def _in_other_clause(char: int, sent: Span, tok: Token) -> bool:
    """Whether a time expression lies in a relative clause that is not the trigger's own:
    "Uzbekistan, which left the CSTO in 2012, has stepped up cooperation" is not dated 2012."""
    doc, deps, pos = sent.doc, parsed.deps(sent.doc), parsed.pos(sent.doc)
    for i in range(sent.start, sent.end):
        if deps[i] not in {"relcl", "acl"} or pos[i] not in {"VERB", "AUX"}:
            continue
        t = doc[i]
        if tok in t.subtree:
            continue
        if t.left_edge.idx <= char < _end(t.right_edge):
            return True
    return False


def _present(verb: Token) -> bool:
    """A clause told in the present: "supplies", "is ready to", "is staging", "goes on
    providing", "continues to send" — not "has suspended"."""
    now = {"VBZ", "VBP"}
    if verb.tag_ in now:
        return True
    if (verb.pos_ == "ADJ" or verb.tag_ == "VBG") and any(c.tag_ in now and c.dep_ != "nsubj" for c in verb.children):
        return True
    head = verb.head.head if verb.dep_ == "pcomp" else verb.head  # "goes on providing"
    return verb.dep_ in {"xcomp", "pcomp"} and verb.tag_ in {"VBG", "VB"} and head.tag_ in now


def _clause_places(tok: Token, actors: Actors) -> list[str]:
    """Places in locative phrases of the trigger's own clause ("shelled a village in X")."""
    out: list[str] = []
    verb = modality.clause_verb(tok)
    told = _relative_clauses(verb)
    for t in verb.subtree:
        if t.i in told:
            continue  # "arrested men who had come from X": where they came from, not where it happened
        if t.dep_ == "pobj" and t.head.lower_ in {"in", "at", "near", "inside", "on"}:
            _add(out, actors.phrase(t, kind="place", conj=False))
    return out


def _planned_time(doc: Document, sent: Span, published: str) -> str | None:
    """The last date after publication that the article gave before the sentence: "On
    Thursday, X will visit Y. ... The agreement will be signed during the visit." A plan
    told without a date of its own belongs to the coming occasion the article announced."""
    later = [
        t.value
        for t in doc.timexes
        if t.end <= sent.start_char and t.value and t.value[: len(published)] > published[: len(t.value)]
    ]
    return later[-1] if later else None


def _paragraph_time(doc: Document, sent: Span) -> str | None:
    """The last time expression of the paragraph before the sentence: a paragraph of news
    tells one episode, and its deeds share the time it gave."""
    start = doc.record.text.rfind("\n", 0, sent.start_char)
    before = [t for t in doc.timexes if start < t.start < sent.start_char and t.value]
    return before[-1].value if before else None


def event_place(sent: Span, tok: Token, actors: Actors) -> str | None:
    """A place in a locative phrase of the trigger's clause, else of the sentence, else its only place."""
    verb, doc = modality.clause_verb(tok), sent.doc
    deps, heads, lowers = parsed.deps(doc), parsed.heads(doc), parsed.lowers(doc)
    for scope in ((t.i for t in verb.subtree), range(sent.start, sent.end)):
        for i in scope:
            if deps[i] == "pobj" and lowers[heads[i]] in {"in", "at", "near", "inside", "outside"}:
                found = actors.phrase(doc[i], kind="place", conj=False)
                if found:
                    return found[0]
    found = actors.within(sent.start_char, sent.end_char, kind="place")
    if len(found) != 1:
        return None
    # "arrested men who had come from X": a place only a relative clause names is not the act's
    told = [r for r in sent if r.dep_ == "relcl" and tok not in r.subtree]
    starts = [m.start for m in actors.mentions if m.ref == found[0] and sent.start_char <= m.start < sent.end_char]
    if starts and any(r.left_edge.idx <= starts[0] < _end(r.right_edge) for r in told):
        return None
    return found[0]


@stage("events", requires=("spacy", "actors", "places", "timexes"), assigns=("events", "event_candidates"))
def make(config: Config, language: Language | None = None) -> EventStage:
    states = {iso: state.name for iso, state in config.knowledge.states.items()}
    adjectives = config.knowledge.gazetteer.adjectives
    demonyms = {iso: state.adjectives[0] for iso, state in config.knowledge.states.items() if state.adjectives}
    grammar = config.knowledge.time(language.code if language is not None else "en")
    gazetteer = config.knowledge.gazetteer
    words = config.knowledge.usage("events")
    return EventStage(config.knowledge.events, words, states, adjectives, demonyms, grammar, gazetteer)
