"""Find every statement the text reports and who made it: the ``attribution`` stage.

One component that the quotes, threats and events stages all read (``doc.statements``,
typed ``Statement`` in ``tocsin.document``). Statements come from:

- direct speech: quotation-mark pairs of any style, and paragraphs that open with a dash
  (Russian typography);
- reported speech, read from the dependency parse: a reporting verb and its clause
  ("X said that ...", "..., X told reporters", "X went on to say ...", "..., adding that"),
  a verb whose object states what was said ("accused the guards of ...", "claimed to have
  ..."), "according to X", "X quoted Y as saying", a speech noun with its clause ("issued a
  warning that ..."), and "This was announced by X" (the sentence before);
- a direct quote inside a reported statement is that speaker's; an unattributed quote that
  opens a sentence goes on with the speaker just quoted.

Speakers are resolved by ``tocsin.stages.speakers``. The vocabulary is ``data/quotes.yaml``
(see ``data/README-text.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from tocsin.document import Document, Statement
from tocsin.knowledge import load_yaml
from tocsin.registry import stage
from tocsin.stages import parsed
from tocsin.stages.arguments import subject
from tocsin.stages.dateline import DatelineReader
from tocsin.stages.evidence import sentences

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

MIN_WORDS = 3  # an "according to" statement shorter than this is no statement

MAX_SPEAKER_WORDS = 14
FOLLOW_CHARS = 700  # an unattributed quote goes on with a speaker quoted this close before it
# Children of a reporting verb that are never part of what was said.
NOT_CONTENT = {"nsubj", "nsubjpass", "csubj", "agent", "punct", "cc", "conj", "mark", "aux", "auxpass", "neg"}
EDGE = " \t\n,;:—–-"
MARKS = "\"'“”«»„‘’‹›「」"
SINGLE = "‘'"  # single marks: apostrophes too, so they never run a quote to the paragraph's end


class Vocabulary:
    """``data/quotes.yaml``: reporting verbs, marks, cues and speaker references."""

    def __init__(self, v: dict[str, Any], actor_nouns: set[str] | None = None):
        self.marks: dict[str, list[str]] = v["marks"]
        self.dashes: list[str] = v["dashes"]
        self.verbs = {w.lower() for w in v["verbs"]}
        irregular: dict[str, list[str]] = v.get("irregular", {})
        self.lemma_of: dict[str, str] = {}
        for lemma in self.verbs:
            for form in _inflect(lemma) + irregular.get(lemma, []):
                self.lemma_of[form] = lemma
        self.particles: dict[str, list[str]] = v.get("particles", {})
        self.object_first = set(v.get("object_first", []))
        self.need_that = set(v.get("need_that", []))
        self.nominal = set(v.get("nominal", []))
        self.content_preps = set(v.get("content_preps", []))
        self.quoting = set(v.get("quoting", []))
        self.speech_nouns = set(v.get("speech_nouns", []))
        self.own_noun_verbs = set(v.get("own_noun_verbs", []))
        self.documents = {w.lower() for w in v.get("documents", [])}
        self.according = [a.lower() for a in v.get("according", [])]
        self.according_first = {a.split()[0] for a in self.according if a.split()}
        self.person_refs: set[str] = {w.lower() for w in v.get("person_refs", [])}
        self.commentators = {w.lower() for w in v.get("commentators", [])}
        self.org_refs: dict[str, list[str]] = {w.lower(): k for w, k in (v.get("org_refs") or {}).items()}
        self.not_name_words = {w.lower() for w in v.get("not_name_words", [])}
        self.trim = {w.lower() for w in v.get("speaker_trim", [])}
        self.setting_preps = {w.lower() for w in v["setting_preps"]}
        # the speakers' pronouns (stages/speakers.py)
        self.person_pronouns = {w.lower() for w in v["person_pronouns"]}
        self.group_pronouns = {w.lower() for w in v["group_pronouns"]}
        self.possessive: dict[str, str] = {str(k).lower(): str(p).lower() for k, p in v["possessive_pronouns"].items()}
        self.country_words = {w.lower() for w in v["country_words"]}
        self.speaks_for = {w.lower() for w in v.get("speaks_for", [])}
        # nouns for people and bodies that may speak: these and the actor base's ("officials")
        self.people_nouns = {w.lower() for w in v.get("speaker_nouns", [])} | (actor_nouns or set())
        forms = "|".join(sorted(self.lemma_of, key=len, reverse=True))
        self.verb_re = re.compile(rf"\b(?:{forms})\b")

    def reporting(self, tok: Token) -> str | None:
        """The lemma of a reporting verb, if ``tok`` is one used as a verb."""
        lemma = tok.lemma_.lower()
        if lemma not in self.verbs or tok.pos_ not in {"VERB", "AUX"}:
            return None
        need = self.particles.get(lemma)
        if need and not any(c.lower_ in need for c in tok.children) and tok.nbor(1).lower_ not in need:
            return None
        return lemma


def _inflect(lemma: str) -> list[str]:
    """Regular forms: say -> says; note -> noted, noting; stress -> stresses, stressed."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + "es" if re.search(r"(s|sh|ch|x|z)$", lemma) else lemma + "s"
    if re.search(r"[^aeiou]y$", lemma):
        third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        past = stem + "ed"
    return [lemma, third, past, stem + "ing"]


@lru_cache(maxsize=8)
def load_vocabulary(data: Path) -> Vocabulary:
    """``quotes.yaml`` and the actor nouns of ``actors/nouns.tsv`` under the data folder."""
    with open(data / "quotes.yaml", encoding="utf-8") as f:
        raw = load_yaml(f)
    nouns: set[str] = set()
    tsv = data / "actors" / "nouns.tsv"
    if tsv.exists():
        for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip() and not line.startswith("#"):
                nouns |= {w.strip().lower() for w in line.split("\t")[0].split("|") if w.strip()}
    return Vocabulary(raw, nouns)


@dataclass
class Found:
    """A statement before its speaker is resolved."""

    content: tuple[int, int]
    direct: bool
    who: tuple[int, int] | None = None  # where the text names the speaker
    head: Token | None = None  # the speaker phrase's head, when the parse gives it
    cue: tuple[int, int] | None = None
    verb: str | None = None
    span: tuple[int, int] | None = None  # the reporting predicate with its content
    follows: bool = False  # an unattributed quote: goes on with the speaker before it
    outer: bool = False  # a relay ("..., the agency reported") around a statement of its own
    runs_on: bool = False  # a quote left open at its paragraph's end, continued in the next


def _trim(text: str, start: int, end: int, chars: str = EDGE) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _words(s: str) -> int:
    return len(s.split())


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


# -- direct speech -------------------------------------------------------------------
class Marks:
    """Quotation-mark pairs and dash paragraphs, read from the text alone."""

    def __init__(self, text: str, v: Vocabulary):
        self.text, self.v = text, v

    def find(self) -> list[tuple[int, int, int, int, bool]]:
        """(open, close_end, content start, content end, dash) of every direct quote."""
        out = []
        for ps, pe in _paragraphs(self.text):
            dash = self._dash(ps, pe)
            if dash is not None:
                out.append(dash)
                continue
            out += self._marked(ps, pe)
        return out

    def _dash(self, ps: int, pe: int) -> tuple[int, int, int, int, bool] | None:
        lead = self.text[ps:pe].lstrip()
        if not lead or lead[0] not in self.v.dashes:
            return None
        start = pe - len(lead) + 1
        close = self._speech_close(start, pe)
        if close > start:
            s, e = _trim(self.text, start, close, " \t\n")
            return (start - 1, close + 1, s, e, True) if e > s else None
        # no closing mark: the paragraph ends with ", explains X" or ", X told Y"
        for c in [m.start() for m in re.finditer(",", self.text[start:pe])][::-1][:4]:
            tail = self.text[start + c + 1 : pe]
            if _words(tail) <= 30 and self.v.verb_re.search(tail):
                s, e = _trim(self.text, start, start + c, " \t\n")
                return (start - 1, start + c, s, e, True) if e > s else None
        return None

    def _speech_close(self, start: int, pe: int) -> int:
        """Where a dash paragraph's speech closes: the last double mark that closes no inner
        quotation (`the “calm” border`) and stands by punctuation (`relevance,"`); else -1."""
        close, depth = -1, 0
        for i in range(start, pe):
            ch = self.text[i]
            prev = self.text[i - 1] if i > start else " "
            if ch in "“«„" or (ch == '"' and not prev.isalnum() and prev not in ",.!?…"):
                if ch == "“" and depth == 0 and prev in ",.!?…":
                    close = i  # “ used as a closing mark
                else:
                    depth += 1
            elif ch in '”»"':
                if depth > 0:
                    depth -= 1
                elif prev in ",.!?…" or self.text[i + 1 : i + 2] == ",":
                    close = i
        return close

    def _marked(self, ps: int, pe: int) -> list[tuple[int, int, int, int, bool]]:
        out = []
        i = ps
        while i < pe:
            closers = self.v.marks.get(self.text[i])
            if not closers or not self._opens(i, ps):
                i += 1
                continue
            close = self._find_close(i + 1, pe, closers)
            if close is None:
                if self.text[i] in SINGLE or (self.text[ps:i].strip() and not self._continues(pe)):
                    i += 1
                    continue
                close = pe  # a quote left open to the paragraph's end (continued in the next one)
            s, e = _trim(self.text, i + 1, close, " \t\n")
            if e > s:
                out.append((i, min(close + 1, pe), s, e, False))
            i = close + 1
        return out

    def _continues(self, pe: int) -> bool:
        """Whether the next paragraph opens with a quotation mark: the English way of running
        a quote over several paragraphs leaves each one but the last unclosed."""
        rest = self.text[pe:].lstrip()
        return bool(rest) and rest[0] in self.v.marks and rest[0] not in "‘"

    def _opens(self, i: int, ps: int) -> bool:
        ch, prev = self.text[i], self.text[i - 1] if i > ps else " "
        nxt = self.text[i + 1] if i + 1 < len(self.text) else " "
        if ch in SINGLE:
            return not prev.isalnum() and nxt.isalpha()
        if ch == '"':
            return not prev.isalnum()
        return True

    def _find_close(self, i: int, pe: int, closers: list[str]) -> int | None:
        for j in range(i, pe):
            ch = self.text[j]
            if ch in closers:
                nxt = self.text[j + 1] if j + 1 < len(self.text) else " "
                if ch in "’'" and (nxt.isalnum() or self.text[j - 1].isspace()):
                    continue  # an apostrophe inside the quote
                if ch in '“"' and j > i and self.text[j - 1].isspace() and nxt.isalnum():
                    continue  # an inner quotation opening, not this one closing
                return j
        return None


# -- reported speech -----------------------------------------------------------------
class Finder:
    """Finds the statements of one parsed document; knows nothing of actors."""

    def __init__(self, doc: Document, v: Vocabulary, dateline: DatelineReader):
        self.doc, self.v, self.text = doc, v, doc.record.text or ""
        self.dateline = dateline
        self.sents: list[Span] = sentences(doc.spacy) if doc.spacy is not None else []

    def find(self) -> list[Found]:
        reported: list[Found] = []
        if self.doc.spacy is None:
            return _merge(self.direct(), reported, self)
        sp, v = self.doc.spacy, self.v
        lemmas, lowers = parsed.lowered_lemmas(sp), parsed.lowers(sp)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                # what each reading needs first: a reporting verb, "according to", a speech noun
                if not (lemmas[i] in v.verbs or lowers[i] in v.according_first or lemmas[i] in v.speech_nouns):
                    continue
                tok = sp[i]
                f = self.verb(tok, k) or self.according(tok, sent) or self.noun(tok)
                if f is not None:
                    reported.append(f)
        return _merge(self.direct(), reported, self)

    # -- reporting verbs ---------------------------------------------------------
    def verb(self, tok: Token, k: int) -> Found | None:
        lemma = self.v.reporting(tok)
        if lemma is None or _not_said(tok):
            return None
        if lemma in self.v.quoting and _as_saying(tok) is not None:
            return None  # "X quoted Y as saying": the statement is the saying's, Y's
        sent = self.sents[k]
        who = self.speaker_token(tok, sent)
        content = self.content(tok, lemma, k)
        if content is None:
            return None
        (cs, ce), pred = content
        if who is None:  # "..., Ann Lee, a researcher at X, told Y": the parse hung the name on the content
            who = _trailing_name(tok, cs)
            if who is None:
                return None
            ce = min(ce, who.left_edge.idx)
        loose = lemma in self.v.need_that or (lemma in self.v.nominal and pred is not None and pred < cs)
        if loose and not _agentive(who, self.v):
            return None  # "the level of relations shows that", "the attack claimed 12 lives"
        if ce > sent.start_char:  # not the sentence before ("This was announced by X")
            cs, ce = max(cs, sent.start_char), min(ce, sent.end_char)
        cs, ce = _trim(self.text, cs, ce)
        dateline = self.dateline.read(self.text[cs:ce])  # "DUSHANBE, 8 May 2025 (Agency) — ": not the speaker's
        if dateline and dateline.certain:
            cs += dateline.end
        if ce <= cs or not re.search(r"\w", self.text[cs:ce]):
            return None  # short ones ("confirmed the strikes") still say who spoke in the sentence
        span = (pred, ce) if pred is not None and pred < cs else (cs, ce)
        return Found((cs, ce), False, self._phrase(who), who, (tok.idx, _end(tok)), lemma, span)

    def speaker_token(self, tok: Token, sent: Span | None = None) -> Token | None:
        """Who speaks through a reporting verb: its subject (climbing through "went on to say",
        "..., adding that", "who said"), the agent of a passive, or Y of "X quoted Y as saying"."""
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as":
            quoting = tok.head.head
            if quoting.lemma_.lower() in self.v.quoting:
                return next((c for c in quoting.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        subj, _ = subject(tok)
        sent = tok.sent if sent is None else sent
        if subj is None or not sent.start <= subj.i < sent.end:
            return None
        if subj.tag_ in {"WP", "WDT"} or subj.lower_ in {"who", "which", "that"}:
            rel = next((t for t in subj.ancestors if t.dep_ == "relcl"), None)
            return rel.head if rel is not None else None
        if subj.dep_ == "expl":
            return None
        return subj

    def content(self, tok: Token, lemma: str, k: int) -> tuple[tuple[int, int], int | None] | None:
        """What a reporting verb reports, and where its predicate starts (None: the content
        stands before the verb, as in "..., he said")."""
        sent = self.sents[k]
        inside = [c for c in tok.children if sent.start <= c.i < sent.end]
        comps = [c for c in inside if c.dep_ == "ccomp" and not _is_question(c)]
        pred = _predicate_start(tok)
        if comps:
            lo = min(c.left_edge.idx for c in comps)
            hi = max(_end(c.right_edge) for c in comps)
            subjects = [c for c in inside if c.dep_ == "nsubj" and c.i < tok.i]
            if len(subjects) > 1 and lo > tok.idx:  # "The dam, the ministry said, will be ...": two subjects
                lo = subjects[0].left_edge.idx
            if lo > tok.idx:  # "said A, but B": B goes on with the speaker's words
                for c in inside:
                    if c.dep_ == "conj" and c.i > tok.i and self.v.reporting(c) is None and _clause(c):
                        hi = max(hi, _end(c.right_edge))
            return (lo, hi), (pred if lo > tok.idx else None)
        if _hung_on_content(tok):  # "The pass is closed, he said": the parse hangs the verb on the content
            if _end(tok.right_edge) < _end(tok.head.right_edge) and tok.head.i > tok.i:
                # "The strikes, Pakistan said, hit two camps": the whole clause, aside and all
                return (tok.head.left_edge.idx, _end(tok.head.right_edge)), None
            return (tok.head.left_edge.idx, tok.left_edge.idx), None
        before = _clause_before(tok, inside)
        if before is not None:  # "Police raided the flat, detaining two men, the prosecutors said."
            return before, None
        demonstrative = next(
            (c for c in tok.children if c.dep_ in {"nsubjpass", "dobj"} and c.lower_ in {"this", "that"}), None
        )
        if demonstrative is not None and k > 0:  # "This was announced by X": the sentence before
            previous = self.sents[k - 1]
            if "\n\n" not in self.text[previous.end_char : tok.idx]:
                return (previous.start_char, previous.end_char), None
        for c in inside:  # "vowed his determination that ...": the clause of the object noun
            if c.dep_ == "dobj" and c.pos_ == "NOUN":
                # a "relative" clause with "that" as its mark, not its subject or object, is the
                # content misread: "told a briefing that Islamabad wanted peace"
                clause = next((g for g in c.children if g.dep_ in {"acl", "ccomp", "relcl"} and _has_that(g)), None)
                if clause is not None:
                    return (clause.left_edge.idx, _end(clause.right_edge)), pred
        if lemma in self.v.need_that or lemma not in self.v.nominal:
            return None
        comps = [c for c in inside if c.i > tok.i and self._content_child(c)]
        if not comps:
            return None
        lo = min(c.left_edge.idx for c in comps)
        # what qualifies the content goes with it ("spoke of its timeliness given the realities")
        rest = [c for c in inside if c.i > min(comps, key=lambda c: c.i).i and not self._aside(c)]
        hi = max(_end(c.right_edge) for c in comps + rest)
        return (lo, hi), pred

    def _aside(self, c: Token) -> bool:
        """A child of a reporting verb that is not what was said: punctuation, another
        clause, a setting ("in a statement", "on Monday"), an attribution ("according to")."""
        if c.dep_ in {"punct", "cc", "conj", "parataxis", "npadvmod"} or c.lower_ in self.v.setting_preps:
            return True
        return c.lower_ == "according" or (c.dep_ == "advcl" and self.v.reporting(c) is not None)

    def _content_child(self, c: Token) -> bool:
        if c.dep_ in {"dobj", "xcomp", "oprd", "attr"}:
            return c.pos_ != "PRON" or c.lower_ not in {"it", "this", "that", "so"}
        return c.dep_ == "prep" and c.lower_ in self.v.content_preps

    @staticmethod
    def _names_subject(tok: Token) -> bool:
        return any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)

    # -- "according to X" ----------------------------------------------------------
    def according(self, tok: Token, sent: Span) -> Found | None:
        low = tok.lower_
        intro = next((a for a in self.v.according if a.split()[0] == low), None)
        if intro is None:
            return None
        n = len(intro.split())
        words = [t.lower_ for t in tok.doc[tok.i : tok.i + n]]
        if words != intro.split() or tok.i + n >= sent.end:
            return None
        last = tok.doc[tok.i + n - 1]
        who = next((c for c in last.children if c.dep_ == "pobj"), None) or _noun_head(tok.doc[tok.i + n])
        if who is None:
            return None
        ps, pe = tok.idx, _end(who.right_edge)
        ss, se = _trim(self.text, sent.start_char, sent.end_char, " \t\n")
        dateline = self.dateline.read(self.text[ss:se])
        if dateline and dateline.certain:
            ss += dateline.end
        after = _trim(self.text, pe, se, EDGE + ".")
        before = _trim(self.text, ss, ps, EDGE)
        cs, ce = after if _words(self.text[after[0] : after[1]]) >= MIN_WORDS else before
        if ce <= cs or _words(self.text[cs:ce]) < MIN_WORDS:
            return None
        return Found((cs, ce), False, self._phrase(who), who, (tok.idx, _end(last)), intro)

    # -- speech nouns: "issued a warning that ..." -------------------------------------
    def noun(self, tok: Token) -> Found | None:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.v.speech_nouns:
            return None
        clause = next((c for c in tok.children if c.dep_ in {"acl", "ccomp"} and _has_that(c)), None)
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        holder = tok
        while holder.dep_ in {"pobj", "prep", "dobj", "conj"} and holder.head.i != holder.i:
            holder = holder.head
            if holder.pos_ == "VERB":
                break
        if clause is None and holder.pos_ == "VERB":  # the parse hangs the clause on the verb
            clause = next((c for c in holder.children if c.dep_ == "ccomp" and _has_that(c) and c.i > tok.i), None)
        if clause is None:
            return None
        who = owner
        if who is None and holder.pos_ == "VERB" and holder.lemma_.lower() in self.v.own_noun_verbs:
            who, _ = subject(holder)
        if who is None:
            return None
        cs, ce = _trim(self.text, clause.left_edge.idx, _end(clause.right_edge))
        if _words(self.text[cs:ce]) < MIN_WORDS:
            return None
        return Found((cs, ce), False, self._phrase(who), who, (tok.idx, _end(tok)), tok.lemma_.lower())

    # -- direct speech -----------------------------------------------------------------
    def direct(self) -> list[Found]:
        out = []
        for open_at, close_end, s, e, dash in Marks(self.text, self.v).find():
            f = Found((s, e), True)
            closers = {c for marks in self.v.marks.values() for c in marks}
            f.runs_on = not dash and self.text[close_end - 1 : close_end] not in closers
            if dash:
                f.who = self._dash_attribution(close_end, s)
            else:
                f.who = self._after(close_end) or self._before(open_at)
            if f.who is None:
                f.follows = self._opens_sentence(open_at)
            f.cue = (open_at, open_at + 1) if dash else None
            out.append(f)
        return out

    def _opens_sentence(self, open_at: int) -> bool:
        """A quote that opens its sentence may go on with the last speaker; one inside a
        sentence of the reporter's ("a “listening post” for") is a scare quote."""
        before = self.text[max(0, open_at - 200) : open_at]
        cut = max(before.rfind(c) for c in '.!?\n:”"') if before.strip() else -1
        return not before[cut + 1 :].strip() if cut >= 0 else not before.strip()

    def _dash_attribution(self, close_end: int, s: int) -> tuple[int, int] | None:
        pe = self.text.find("\n", close_end)
        pe = len(self.text) if pe < 0 else pe
        return self._after(close_end, pe)

    def _clause_end(self, i: int) -> int:
        m = re.compile(r"[.!?\n“\"«„]").search(self.text, i)
        return m.start() if m else len(self.text)

    def _after(self, i: int, end: int | None = None) -> tuple[int, int] | None:
        """`“...,” Putin said`, `“...”, he said`, `“...” said X, head of ...`: a short clause after the mark."""
        end = self._clause_end(i) if end is None else end
        tail = self.text[i:end]
        stripped = tail.lstrip(' ,—–-"”’»')
        if not stripped or _words(stripped) > 30 or stripped[0] in "(":
            return None
        offset = end - len(tail) + (len(tail) - len(stripped))
        last = len(self.text[:end].rstrip(" .,;"))  # `“...,” the statement read.`: the parser may take it for a noun
        found = self.v.verb_re.finditer(self.text, offset, end)
        verbs = [m for m in found if self._is_verb(m.start()) or m.end() == last]
        if not verbs:
            return None
        v = verbs[0]
        relay = re.match(r"\s+(.{2,120}?)\s+as\s+saying\b", self.text[v.end() : end])
        if self.v.lemma_of.get(v.group(0)) in self.v.quoting and relay:  # "..., X quoted Y as saying."
            return _trim(self.text, v.end() + relay.start(1), v.end() + relay.end(1))
        ws, we = _trim(self.text, offset, v.start())
        if ws < we and _words(self.text[ws:we]) <= MAX_SPEAKER_WORDS:
            return ws, we
        rest_end = self._clause_end(v.end())  # inverted: "explains Timur Abenov, head of ..."
        ws, we = _trim(self.text, v.end(), min(rest_end, end), EDGE + ".")
        return (ws, we) if ws < we and _words(self.text[ws:we]) <= MAX_SPEAKER_WORDS + 6 else None

    def _before(self, open_at: int) -> tuple[int, int] | None:
        """`Putin said, “...` or `X described the situation as “...”`: the clause before the mark."""
        bound = max(self.text.rfind(c, 0, open_at) for c in ".!?\n”»")
        for m in self.v.verb_re.finditer(self.text, bound + 1, open_at):
            tok = self._token(m.start())
            if tok is None or tok.pos_ != "VERB":
                continue
            who = self.speaker_token(tok)
            if who is not None and who.idx > bound:
                return self._phrase(who)
        return None

    def _is_verb(self, idx: int) -> bool:
        tok = self._token(idx)
        return tok is None or tok.tag_.startswith("VB") or tok.pos_ == "VERB"

    def _token(self, idx: int) -> Token | None:
        if self.doc.spacy is None:
            return None
        span = self.doc.spacy.char_span(idx, idx + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _phrase(self, tok: Token) -> tuple[int, int]:
        """The speaker phrase as written: the noun phrase without its relative clauses and asides."""
        drop = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "parataxis"}
        keep = [tok] + [t for c in tok.children if c.dep_ not in drop for t in c.subtree]
        lo = min(t.idx for t in keep)
        hi = max(_end(t) for t in keep)
        # a name in apposition is kept ("the governor, Rustam Nabiev")
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                hi = max(hi, _end(c.right_edge))
        return _trim(self.text, lo, hi)


def _merge(direct: list[Found], reported: list[Found], finder: Finder) -> list[Found]:
    """Join direct quotes with the reported statements that attribute them.

    A reported statement whose content lies inside a quote ("“...,” he said") attributes
    it and is dropped; a quote inside a reported statement ("said “bullets” had been
    fired") is that statement's speaker's; nested reports ("X said Y told Z that ...")
    keep all, the outer marked as a relay.
    """
    out: list[Found] = []
    absorbed: set[int] = set()
    for d in direct:
        ds, de = d.content
        inner = [
            (i, r)
            for i, r in enumerate(reported)
            if r.content[0] >= ds - 2 and r.content[1] <= de + 2 and r.cue is not None and not (ds <= r.cue[0] < de)
        ]
        around = [
            (i, r)
            for i, r in enumerate(reported)
            if r.content[0] <= ds and de <= r.content[1] + 2 and (i, r) not in inner
        ]
        if inner:
            i, r = min(inner, key=lambda p: abs(p[1].cue[0] - de) if p[1].cue else 0)
            absorbed.update(j for j, _ in inner)
            d = replace(d, who=r.who, head=r.head, cue=r.cue, verb=r.verb, follows=False)
        elif around:
            _, r = min(around, key=lambda p: p[1].content[1] - p[1].content[0])
            d = replace(d, who=r.who, head=r.head, cue=r.cue, verb=r.verb, follows=False)
        elif d.who is not None:
            tok = finder._token(d.who[0])
            d.head = _noun_head(tok) if tok is not None else None
        out.append(d)
    for i, r in enumerate(reported):
        if i in absorbed:
            continue
        overlaps = [q for q in direct if q.content[0] < r.content[1] and r.content[0] < q.content[1]]
        if any(q.content[0] <= r.content[0] and r.content[1] <= q.content[1] for q in overlaps):
            continue  # a reporting verb inside someone's quoted words
        out.append(r)
    for r in out:  # "..., RFE/RL reported" around "the committee said ...": a relay
        r.outer = any(o is not r and o.cue is not None and r.content[0] <= o.cue[0] < r.content[1] for o in out)
    return sorted(out, key=lambda f: (f.content[0], -f.content[1]))


def _clause(tok: Token) -> bool:
    """A verb with its own subject: a clause, not a shared predicate."""
    return tok.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)


def _hung_on_content(tok: Token) -> bool:
    """ "The pass is closed, he said." parsed with "said" under "closed": the verb comes after
    a comma, with its subject and nothing said after it; or stands aside between commas
    ("The pass, he said, is closed")."""
    if tok.i == tok.head.i or tok.dep_ not in {"parataxis", "ccomp", "conj", "advcl"}:
        return False
    if tok.i < tok.head.i:
        last = tok.right_edge
        after = last if last.is_punct else (tok.doc[last.i + 1] if last.i + 1 < len(tok.doc) else None)
        if after is None or after.text not in {",", "—", "–"} or tok.dep_ not in {"parataxis", "advcl"}:
            return False
    elif tok.dep_ == "advcl":
        return False
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
        return False
    first = tok.left_edge
    while first.is_punct and first.i < tok.i:
        first = tok.doc[first.i + 1]
    before = tok.doc[first.i - 1] if first.i > 0 else None
    if before is None or not before.is_punct or before.text in {".", "(", "[", "“", "«"}:
        return False
    return not any(c.dep_ in {"ccomp", "xcomp"} and c.i > tok.i for c in tok.children)


def _clause_before(tok: Token, children: list[Token]) -> tuple[int, int] | None:
    """The content of "Y, X said" when the parse made Y a modifier of "said" (an adverbial
    or loose clause with its own subject) rather than its complement."""
    subj = next((c for c in children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < tok.i), None)
    if subj is None or tok.dep_ != "ROOT":
        return None
    left = [c for c in children if c.i < subj.i and c.dep_ in {"advcl", "parataxis", "conj", "dep"} and _clause(c)]
    first = subj.left_edge
    if not left or first.i == 0 or not tok.doc[first.i - 1].is_punct:
        return None
    return min(c.left_edge.idx for c in left), first.idx


def _trailing_name(tok: Token, content_start: int) -> Token | None:
    """ "Y, Omar Nessar, a researcher at X, told Izvestia" parsed with the name in
    apposition inside Y: the outermost apposition that ends just before the verb."""
    best = None
    for t in tok.doc[max(0, tok.i - 40) : tok.i]:
        if t.idx < content_start or t.dep_ != "appos" or t.pos_ not in {"PROPN", "NOUN"}:
            continue
        if tok.i - 2 <= t.right_edge.i < tok.i and (best is None or t.left_edge.i < best.left_edge.i):
            best = t
    return best


def _agentive(tok: Token, v: Vocabulary) -> bool:
    """Whether a phrase can name a speaker: a name, a pronoun, a title, a body, a document or
    people ("officials"); not "the level of relations shows"."""
    if tok.pos_ in {"PROPN", "PRON"} or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    lemma = tok.lemma_.lower()
    if lemma in v.person_refs or lemma in v.org_refs or lemma in v.documents or lemma in v.people_nouns:
        return True
    return any(c.dep_ in {"compound", "amod", "poss"} and (c.pos_ == "PROPN" or c.ent_type_) for c in tok.children)


def _noun_head(tok: Token) -> Token:
    """The head of the noun phrase a token stands in ("the" -> "ministry")."""
    t = tok
    for _ in range(6):
        if t.dep_ in {"det", "compound", "amod", "poss", "nummod", "case", "prep", "pobj", "nmod"} and t.head.i != t.i:
            if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in {"NOUN", "PROPN"}:
                t = t.head.head  # "the head of the agency": the head
                continue
            if t.dep_ in {"prep", "pobj"}:
                break
            t = t.head
        else:
            break
    return t


def _predicate_start(tok: Token) -> int:
    """Where the reporting predicate starts: its auxiliaries and adverbs ("has claimed",
    "squarely blamed", "additionally accused"), not a subject or a comma before them."""
    start = tok.idx
    for c in sorted((c for c in tok.children if c.i < tok.i), key=lambda c: -c.i):
        if c.dep_ in {"aux", "auxpass", "neg", "advmod"} and c.right_edge.i == c.i and c.i >= tok.i - 3:
            between = tok.doc[c.i + 1 : tok.i]
            if any(t.is_punct for t in between):
                break
            start = c.idx
        else:
            break
    return start


def _not_said(tok: Token) -> bool:
    """ "did not say", "without saying", "the so-called", "the attack claimed by": no statement."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ == "pcomp" and tok.head.lower_ in {"without", "before"}:
        return True
    if tok.dep_ in {"amod", "compound"} or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
        return True
    if tok.dep_ in {"advcl", "xcomp"} and tok.tag_ == "VB" and any(c.lower_ == "if" for c in tok.children):
        return True
    bare = not any(c.dep_ in {"aux", "auxpass", "agent", "nsubj", "nsubjpass"} for c in tok.children)
    return tok.tag_ == "VBN" and bare and tok.dep_ != "conj"  # "the figures reported": a participle


def _as_saying(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            return next((p for p in c.children if p.dep_ == "pcomp"), None)
    return None


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _is_question(clause: Token) -> bool:
    """ "did not say how many": an embedded question reports no statement."""
    first = clause.left_edge
    if first.lower_ == "that":  # "said on X that ...": the parser may tag the conjunction as a wh-word
        return False
    return first.tag_ in {"WRB", "WP", "WDT"} or first.lower_ in {"whether", "if"}


class AttributionStage:
    name = "attribution"

    def __init__(self, knowledge: Knowledge):
        self.vocab = knowledge.quotes
        self.dateline = knowledge.dateline

    def __call__(self, doc: Document) -> None:
        from tocsin.stages.speakers import resolve_all

        if not (doc.record.text or "").strip() or doc.spacy is None:
            doc.statements = []
            return
        found = Finder(doc, self.vocab, self.dateline).find()
        doc.statements = resolve_all(doc, found, self.vocab)


def statement(f: Found, speakers: list[str], text: str | None, name: str | None) -> Statement:
    return Statement(
        content=f.content, direct=f.direct, speakers=speakers, speaker_text=text, speaker_name=name,
        cue=f.cue, verb=f.verb, span=f.span,
    )  # fmt: skip


@stage("attribution", requires=("spacy", "actors"), assigns=("statements",))
def make(config: Config, language: Language | None = None) -> AttributionStage:
    return AttributionStage(config.knowledge)
