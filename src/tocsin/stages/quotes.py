"""Find direct and reported speech and link each statement to the actor who made it.

Direct quotes come from quotation-mark pairs of any style and from paragraphs that open
with a dash (Russian typography). Reported speech comes from reporting verbs ("X said
that ...", "X told Reuters ...", "..., the expert believes") and "according to X, ...".
The speaker is the actor mentioned in the attribution; "he", "she", "the expert" and
"the organization" are resolved to the nearest preceding fitting actor. The vocabulary is
``data/quotes.yaml``; see ``data/README-text.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tocsin.document import Document
from tocsin.record import Quote
from tocsin.registry import stage
from tocsin.stages.dateline import read as read_dateline
from tocsin.stages.sentences import spans as sentence_spans

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

PERSON_KINDS = {"person"}
ORG_KINDS = {"igo", "organization", "government", "armed_group", "state"}
MIN_INDIRECT_WORDS = 3
MAX_SPEAKER_WORDS = 14
END_PUNCT = " \t\n,.;:!?"
# What may follow the verb of a trailing attribution: nothing, a hearer ("told Reuters",
# "told reporters"), a setting ("in a statement", "on Telegram") or a particle ("draws attention").
ATTRIBUTION_TAIL = re.compile(
    r"\s*(?:$|[.!?,;]|[A-Z]|(?:in|on|at|to|during|via|from|while|after|before|late|earlier|later|"
    r"also|reporters|journalists|the\s+media|attention|out|further|added|noted)\b)"
)
SETTING = re.compile(r"\s*(?:in|at|on|during|via|from|to|after|before|through|over)\b")
NOT_CONTENT = {"about", "against", "of", "on", "for", "over", "with", "to", "by"}


@dataclass
class Found:
    """A statement before its speaker is resolved: quoted span and attribution span."""

    start: int
    end: int
    direct: bool
    who: tuple[int, int] | None  # where the attribution names the speaker
    follows: bool = False  # an unattributed direct quote continuing the previous one


class QuoteVocabulary:
    def __init__(self, vocab: dict[str, Any]):
        self.marks: dict[str, list[str]] = vocab["marks"]
        self.dashes: list[str] = vocab["dashes"]
        irregular: dict[str, list[str]] = vocab.get("irregular", {})
        self.lemma_of: dict[str, str] = {}
        for lemma in vocab["verbs"]:
            for form in _inflect(lemma) + irregular.get(lemma, []):
                self.lemma_of[form] = lemma
        self.particles: dict[str, list[str]] = vocab.get("particles", {})
        self.object_first = set(vocab.get("object_first", []))
        self.need_that = set(vocab.get("need_that", []))
        self.person_refs = {w.lower() for w in vocab.get("person_refs", [])}
        self.org_refs: dict[str, list[str]] = {w.lower(): k for w, k in (vocab.get("org_refs") or {}).items()}
        self.trim = {w.lower() for w in vocab.get("speaker_trim", [])}
        self.commentators = {w.lower() for w in vocab.get("commentators", [])}
        forms = "|".join(sorted(self.lemma_of, key=len, reverse=True))
        self.verb_re = re.compile(rf"\b(?:{forms})\b")
        intro = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in vocab.get("according", []))
        self.according_re = re.compile(rf"\b(?:{intro})\s+(?P<who>[^,;.!?]{{2,120}}?)\s*(?=[,;.!?]|$)", re.I)


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
def load_vocabulary(path: Path) -> QuoteVocabulary:
    with open(path, encoding="utf-8") as f:
        return QuoteVocabulary(yaml.safe_load(f))


def _trim(text: str, start: int, end: int, chars: str = END_PUNCT + "\"'“”«»„‘’") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _words(s: str) -> int:
    return len(s.split())


class Extractor:
    """Finds statements in one document's text; knows nothing of actors."""

    def __init__(self, doc: Document, v: QuoteVocabulary):
        self.doc, self.v, self.text = doc, v, doc.record.text or ""
        self.verb_tokens = self._verb_tokens()
        self._tokens = {t.idx: t for t in doc.spacy} if doc.spacy is not None else {}

    # -- reporting verbs ---------------------------------------------------
    def _verb_tokens(self) -> dict[int, bool] | None:
        """Char offset -> is a verb, from the parse; None when there is no parse."""
        if self.doc.spacy is None:
            return None
        return {t.idx: t.tag_.startswith("VB") or t.pos_ == "VERB" for t in self.doc.spacy}

    def verbs(self, start: int, end: int) -> list[re.Match[str]]:
        out = []
        for m in self.v.verb_re.finditer(self.text, start, end):
            if self.verb_tokens is not None and not self.verb_tokens.get(m.start(), False):
                continue
            lemma = self.v.lemma_of[m.group(0)]
            need = self.v.particles.get(lemma)
            if need and not re.match(rf"\s+(?:\w+\s+)?(?:{'|'.join(need)})\b", self.text[m.end() : end]):
                continue
            out.append(m)
        return out

    def sentences(self) -> list[tuple[int, int]]:
        """The parser's sentences, cut again at line breaks (a paragraph never runs on)."""
        return sentence_spans(self.text, self.doc.spacy)

    # -- direct quotes ------------------------------------------------------
    def direct(self) -> list[Found]:
        found: list[Found] = []
        for para_start, para_end in _paragraphs(self.text):
            dash = self._dash_paragraph(para_start, para_end)
            if dash:
                found.append(dash)
                continue
            found.extend(self._marked(para_start, para_end))
        return found

    def _dash_paragraph(self, ps: int, pe: int) -> Found | None:
        lead = self.text[ps:pe].lstrip()
        if not lead or lead[0] not in self.v.dashes:
            return None
        start = pe - len(self.text[ps:pe].lstrip()) + 1
        close = self._speech_close(start, pe)
        if close > start:
            after = close + 1
            who = self._after_attribution(after, pe)
            s, e = _trim(self.text, start, close)
            return Found(s, e, True, who) if e > s else None
        # no closing mark: the paragraph ends with ", explains X" or ", X told Y"
        for c in _commas(self.text, start, pe)[::-1][:4]:
            who = self._after_attribution(c, pe)
            if who:
                s, e = _trim(self.text, start, c)
                return Found(s, e, True, who) if e > s else None
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

    def _marked(self, ps: int, pe: int) -> list[Found]:
        out: list[Found] = []
        i = ps
        while i < pe:
            ch = self.text[i]
            closers = self.v.marks.get(ch)
            if not closers or not self._opens(i, ps):
                i += 1
                continue
            close = self._find_close(i + 1, pe, closers)
            if close is None:
                if self.text[ps:i].strip() and not self._continues(pe):
                    i += 1
                    continue
                close = pe  # a quote left open to the paragraph's end (continued in the next one)
            s, e = _trim(self.text, i + 1, close, " \t\n,")
            if e > s:
                out.append(self._attribute(i, close + 1, s, e))
            i = close + 1
        return out

    def _continues(self, pe: int) -> bool:
        """Whether the next paragraph opens with a quotation mark: the English way of running
        a quote over several paragraphs leaves each one but the last unclosed."""
        rest = self.text[pe:].lstrip()
        return bool(rest) and rest[0] in self.v.marks and rest[0] not in "‘"

    def _opens(self, i: int, ps: int) -> bool:
        ch, prev = self.text[i], self.text[i - 1] if i > ps else " "
        if ch in '‘"':
            return not prev.isalnum()
        return True

    def _find_close(self, i: int, pe: int, closers: list[str]) -> int | None:
        for j in range(i, pe):
            if self.text[j] in closers:
                nxt = self.text[j + 1] if j + 1 < len(self.text) else " "
                if self.text[j] == "’" and nxt.isalpha():
                    continue  # an apostrophe inside the quote
                return j
        return None

    def _attribute(self, open_at: int, close_end: int, s: int, e: int) -> Found:
        who = None
        # `“...,” Putin said` / `“...”, he said` / `“...” he said.`: a comma or a short clause
        # hands the quote to what follows; `“...” The minister left.` has no reporting verb
        clause_end = self._clause_end(close_end)
        comma = self.text[close_end - 2 : close_end - 1] in ",!?" or self.text[close_end : close_end + 1] == ","
        if comma or _words(self.text[close_end:clause_end]) <= 8:
            who = self._after_attribution(close_end, clause_end)
        if who is None:
            who = self._before_attribution(open_at)
        return Found(s, e, True, who, follows=who is None)

    def _clause_end(self, i: int) -> int:
        m = re.compile(r"[.!?\n“\"«„]").search(self.text, i)
        return m.start() if m else len(self.text)

    def _after_attribution(self, i: int, end: int) -> tuple[int, int] | None:
        """`, Dilnoza Karimova, press secretary..., told the newspaper.` or `, explains X`."""
        tail = self.text[i:end]
        stripped = tail.lstrip(' ,—–-"”’»')
        if not stripped or _words(stripped) > 30 or stripped[0] in "(":
            return None
        offset = end - len(tail) + (len(tail) - len(stripped))
        verbs = self.verbs(offset, end)
        if not verbs:
            return None
        v = verbs[0]
        ws, we = _trim(self.text, offset, v.start())
        if ws < we and _words(self.text[ws:we]) <= MAX_SPEAKER_WORDS:
            return ws, we
        # inverted: "explains Timur Abenov, head of ..."
        rest_end = self._clause_end(v.end())
        ws, we = _trim(self.text, v.end(), min(rest_end, end))
        return (ws, we) if ws < we else None

    def _before_attribution(self, open_at: int) -> tuple[int, int] | None:
        """`Putin said, “...` or `X described the situation as “...”`: the clause before the mark."""
        bound = max(self.text.rfind(c, 0, open_at) for c in ".!?\n")
        for c in "”»":
            bound = max(bound, self.text.rfind(c, 0, open_at))
        verbs = self.verbs(bound + 1, open_at)
        for v in verbs:
            who = self._subject(v, bound + 1)
            if who:
                return who
        return None

    # -- reported speech -----------------------------------------------------
    def reported(self) -> list[Found]:
        out: list[Found] = []
        for s, e in self.sentences():
            s, e = _trim(self.text, s, e, " \t\n")
            dateline = read_dateline(self.text[s:e])  # "DUSHANBE, 8 May 2025 (Agency) — ": not the speaker's
            if dateline and dateline.certain:
                s += dateline.end
            if e - s < 10:
                continue
            found = self._according(s, e) or self._postposed(s, e) or self._preposed(s, e)
            if found and _words(self.text[found.start : found.end]) >= MIN_INDIRECT_WORDS:
                out.append(found)
        return out

    def _according(self, s: int, e: int) -> Found | None:
        m = self.v.according_re.search(self.text, s, e)
        if not m:
            return None
        who = m.span("who")
        after = m.end("who")
        if after < e and self.text[after] == "," and _words(self.text[after:e]) >= MIN_INDIRECT_WORDS:
            qs, qe = _trim(self.text, after, e)
        else:
            qs, qe = _trim(self.text, s, m.start())
        return Found(qs, qe, False, who) if qe > qs else None

    def _postposed(self, s: int, e: int) -> Found | None:
        commas = _commas(self.text, s, e)
        for k in range(len(commas) - 1, max(-1, len(commas) - 4), -1):
            c = commas[k]
            tail = self.text[c + 1 : e]
            if _words(tail) > 25:
                break
            verbs = self.verbs(c + 1, e)
            if not verbs:
                continue
            v = verbs[0]
            if not self._finite(v) or _words(self.text[v.end() : e]) > 6 and self.text[c + 1 : v.start()].strip():
                continue  # "..., stressing the risk": a participle; "X said <long clause>": preposed
            before = self.text[c + 1 : v.start()].strip()
            if before.split(" ", 1)[0].lower() in ("and", "but", "or", "while", "which", "who"):
                continue  # "..., and the bank added $50 million": a clause of its own
            if not ATTRIBUTION_TAIL.match(self.text[v.end() : e]):
                continue
            if before and _words(before) <= MAX_SPEAKER_WORDS:
                who = _trim(self.text, c + 1, v.start())
                quote_end = c
            elif not before and re.fullmatch(r"\s*[\w’'. -]{0,40}[.!?]?\s*", self.text[v.end() : e]) and k >= 2:
                # "..., Farid Sadiqi, a researcher at ..., told the agency."
                who = _trim(self.text, commas[k - 2] + 1, c)
                quote_end = commas[k - 2]
            elif not before and self._names_speaker(v.end(), e):
                who = _trim(self.text, v.end(), e)  # "..., explains Timur Abenov, head of ..."
                quote_end = c
            else:
                continue
            qs, qe = _trim(self.text, s, quote_end)
            if qe > qs and who[1] > who[0] and _words(self.text[qs:qe]) >= 4:
                return Found(qs, qe, False, who)
        return None

    def _finite(self, v: re.Match[str]) -> bool:
        tok = self._token(v.start())
        return not v.group(0).endswith("ing") if tok is None else tok.tag_ in ("VBD", "VBZ", "VBP", "VBN")

    def _names_speaker(self, s: int, e: int) -> bool:
        """After an inverted verb: a name ("explains Timur Abenov") or "the expert"."""
        words = self.text[s:e].split()[:3]
        if not words or len(self.text[s:e].split(",")[0].split()) > 8:
            return False
        if words[0][:1].isupper():
            return True
        return (
            words[0].lower() in ("the", "a", "an")
            and len(words) > 1
            and any(w.lower().strip(",.") in self.v.person_refs | set(self.v.org_refs) for w in words[1:])
        )

    def _token(self, idx: int):
        if self.doc.spacy is None:
            return None
        return self._tokens.get(idx)

    def _preposed(self, s: int, e: int) -> Found | None:
        for v in self.verbs(s, e):
            who = self._subject(v, s)
            if not who:
                continue
            lemma = self.v.lemma_of[v.group(0)]
            start = self._complement_start(v, lemma, e)
            if start is None or self.text[start:e].lstrip()[:1] in ",;:)" or self._negated(v):
                continue  # "X said, without ...": no complement; "did not say how many": no statement
            qs, qe = _trim(self.text, start, e)
            first = self.text[qs:qe].split(" ", 1)[0].lower()
            if first in NOT_CONTENT and not self.text[v.end() : start].rstrip().endswith("that"):
                continue  # "warned about the flow of ...": a topic, not a statement
            if qe > qs and self.text[start:qe].lstrip()[:1] not in '“"«„':
                return Found(qs, qe, False, who)
        return None

    def _negated(self, v: re.Match[str]) -> bool:
        tok = self._token(v.start())
        return tok is not None and any(c.dep_ == "neg" for c in tok.children)

    def _complement_start(self, v: re.Match[str], lemma: str, e: int) -> int | None:
        after = self.text[v.end() : e]
        that = re.search(r"\bthat\b", after)
        between = after[: that.start()] if that is not None else ""
        # "told Sputnik that", "said Tuesday that", "said in a message read at the ceremony that";
        # not "said 14 posts would be built and that ...", where the content began already
        near = (
            that is not None
            and _words(between) <= 8
            and not re.search(r"[,;“\"]", between)
            and (lemma in self.v.object_first or _words(between) <= 2 or SETTING.match(between) is not None)
        )
        if near and that is not None:
            return v.end() + that.end()
        # "said in a statement, adding that ...": the content follows the participle
        adding = re.match(r"\s*(?:in|on|at|during|via)\b[^,;]{0,60},\s+(\w+ing)\s+(?:that\s+)?", after)
        if adding and adding.group(1) in self.v.lemma_of:
            return v.end() + adding.end()
        if lemma in self.v.need_that:
            return None
        if lemma in self.v.object_first:
            m = re.match(r"\s*(?:[A-Z][\w’'.-]*\s*)+", after)  # the hearer: "told Pamir Daily News"
            return v.end() + (m.end() if m else 0)
        particles = self.v.particles.get(lemma)
        if particles:
            m = re.match(rf"\s+(?:\w+\s+)?(?:{'|'.join(particles)})\b(?:\s+to)?", after)
            return v.end() + (m.end() if m else 0)
        return v.end()

    def _subject(self, v: re.Match[str], clause_start: int) -> tuple[int, int] | None:
        """The speaker span before a reporting verb: its parsed subject, else the words before it."""
        tok = self._token(v.start())
        if tok is not None:
            verb = tok
            while verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
                verb = verb.head  # "reaffirmed ... and promised that": the first verb's subject
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
            if subj:  # the parser may split "Permanent Representative to the SCO Arman Davtyan" in two
                left, right = subj[0].left_edge, subj[-1].right_edge
                return left.idx, right.idx + len(right.text)
            if tok.dep_ not in ("ROOT", "ccomp", "parataxis") or tok.tag_ not in ("VBD", "VBZ", "VBP"):
                return None  # "focusing", "confirmed sources": not a speech act of its own
        bound = clause_start
        for m in re.finditer(r"[,;:(“”\"]|[.!?](?=\S)", self.text[clause_start : v.start()]):
            bound = clause_start + m.end()
        ws, we = _trim(self.text, bound, v.start())
        if ws >= we or _words(self.text[ws:we]) > MAX_SPEAKER_WORDS:
            return None
        return ws, we


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _commas(text: str, s: int, e: int) -> list[int]:
    """Commas outside brackets: candidate boundaries of an attribution."""
    out, depth = [], 0
    for i in range(s, e):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == "," and depth == 0:
            out.append(i)
    return out


class SpeakerResolver:
    """Turns an attribution span into (actor id, name), resolving pronouns and titles."""

    def __init__(self, doc: Document, v: QuoteVocabulary):
        self.doc, self.v, self.text = doc, v, doc.record.text or ""
        self.kinds = {a.id: a.kind for a in doc.record.actors}
        self.names = {a.id: a.name for a in doc.record.actors}
        self.actor_mentions = sorted((m for m in doc.mentions if m.kind == "actor"), key=lambda m: m.start)
        ents = doc.spacy.ents if doc.spacy is not None else []
        # a name used as a modifier ("the Tajik ministry" tagged PERSON) names no speaker
        self.persons = [
            (e.start_char, e.end_char) for e in ents if e.label_ == "PERSON" and e.root.dep_ not in ("amod", "compound")
        ]
        self.history: list[tuple[set[str], str | None, str | None]] = []  # attribution words, speaker
        self.orgs = [(e.start_char, e.end_char) for e in ents if e.label_ == "ORG"]
        self.last: str | None = None  # the speaker of the previous statement
        self.last_person: tuple[str | None, str | None] | None = None  # the last person quoted

    def resolve(self, who: tuple[int, int]) -> tuple[str | None, str | None]:
        ws, we = who
        inside = [m for m in self.actor_mentions if m.start < we and ws < m.end]
        persons = [m for m in inside if self.kinds.get(m.ref) in PERSON_KINDS]
        # a name ("Bakyt Osmonov") over a title ("the head of ...") when both are there
        persons.sort(key=lambda m: not self.text[m.start : m.start + 1].isupper())
        if persons:
            return persons[0].ref, self.names.get(persons[0].ref)
        # a PERSON entity that is not part of a linked organisation ("Tajik border troops")
        person = [p for p in self.persons if p[0] < we and ws < p[1]
                  and not any(m.start < p[1] and p[0] < m.end for m in inside)]  # fmt: skip
        if person:
            return None, self.text[person[0][0] : person[0][1]]
        words = [re.sub(r"[’']s$", "", w) for w in re.findall(r"[\w’']+", self.text[ws:we].lower())]
        tail = self.text[ws:we].lower()
        if words and words[0] in ("a", "an"):  # "a committee official": someone new, unnamed
            whole = [m for m in inside if (m.end - m.start) * 2 >= we - ws]
            return (whole[0].ref, self.names.get(whole[0].ref)) if whole else (None, self._name(ws, we, plain=True))
        ref = next((w for w in reversed(words) if w in self.v.person_refs), None)
        if ref in self.v.commentators and self.last_person and not person:
            return self.last_person  # "the expert believes": the expert just quoted
        if ref and words[0] == "the":  # "the spokesperson said": the spokesperson quoted before
            earlier = next((h for h in reversed(self.history) if ref in h[0]), None)
            if earlier is not None:
                return earlier[1], earlier[2]
        if ref and not person:
            after = self.text[ws:we][tail.rfind(ref) + len(ref) :]
            named = re.search(r"(?:[A-Z][\w’'.-]+\s+)+[A-Z][\w’'.-]+\s*$", after)
            if named:  # "Permanent Representative to the SCO Arman Davtyan"
                return None, named.group(0).strip()
            if not re.match(r"\s+(?:of|at|for|to)\b", after):
                if ref in self.v.commentators and self.last_person:
                    return self.last_person  # "the expert believes": the expert just quoted
                return self._nearest(ws, PERSON_KINDS, self.persons)
        if inside:  # the subject's first actor: "the CSTO, which includes Russia, ..." is the CSTO
            return inside[0].ref, self.names.get(inside[0].ref)
        if person:
            return None, self.text[person[0][0] : person[0][1]]
        org = next((w for w in words[:3] if w in self.v.org_refs), None) if len(words) <= 4 else None
        if org:
            earlier = next((h for h in reversed(self.history) if org in h[0]), None)
            if earlier is not None and words[0] == "the":
                return earlier[1], earlier[2]  # "the ministry said": the ministry quoted before
            kinds = set(self.v.org_refs[org] or ORG_KINDS)
            if self.last and self.kinds.get(self.last) in kinds:
                return self.last, self.names.get(self.last)  # "They added that ...": the body just quoted
            return self._nearest(ws, kinds, self.orgs)
        plural = bool(words) and words[-1].endswith("s") and words[-1][:-1] in self.v.person_refs
        return None, self._name(ws, we, plain=plural)  # "officials said", "analysts believe"

    def remember(self, who: tuple[int, int] | None, speaker: str | None, name: str | None) -> None:
        if who is not None:
            words = re.findall(r"[\w’']+", self.text[who[0] : who[1]].lower())
            self.history.append(({re.sub(r"[’']s$", "", w) for w in words}, speaker, name))

    def is_person(self, speaker: str | None, who: tuple[int, int] | None) -> bool:
        if speaker is not None:
            return self.kinds.get(speaker) in PERSON_KINDS
        return who is not None and any(p[0] < who[1] and who[0] < p[1] for p in self.persons)

    def _nearest(self, before: int, kinds: set[str], ents: list[tuple[int, int]]) -> tuple[str | None, str | None]:
        mention = next((m for m in reversed(self.actor_mentions)
                        if m.end <= before and self.kinds.get(m.ref) in kinds), None)  # fmt: skip
        if mention is not None:
            return mention.ref, self.names.get(mention.ref)
        ent = next((e for e in reversed(ents) if e[1] <= before), None)
        return (None, self.text[ent[0] : ent[1]]) if ent else (None, None)

    def _name(self, ws: int, we: int, plain: bool = False) -> str | None:
        """An unlinked attribution as a name: its first comma segment, edges trimmed;
        ``plain`` keeps an uncapitalised description ("a committee official")."""
        seg = self.text[ws:we].split(",")[0]
        words = seg.split()
        while words and words[0].lower() in self.v.trim:
            words.pop(0)
        while words and words[-1].lower() in self.v.trim:
            words.pop()
        if not words or len(words) > MAX_SPEAKER_WORDS or not (plain or any(w[:1].isupper() for w in words)):
            return None
        return " ".join(words)


def extract_quotes(doc: Document, v: QuoteVocabulary) -> list[Quote]:
    text = doc.record.text or ""
    ex = Extractor(doc, v)
    direct = ex.direct()
    reported = [r for r in ex.reported() if not any(d.start <= r.start and r.end <= d.end for d in direct)]
    resolver = SpeakerResolver(doc, v)
    quotes: list[Quote] = []
    last: tuple[int, str | None, str | None] | None = None  # end, speaker id, name of the last direct quote
    for f in sorted(direct + reported, key=lambda f: f.start):
        speaker, name = resolver.resolve(f.who) if f.who else (None, None)
        if f.follows and last is not None and f.start - last[0] < 600:
            speaker, name = last[1], last[2]
        if speaker is None and name is None:
            continue
        resolver.last = speaker
        resolver.remember(f.who, speaker, name)
        if resolver.is_person(speaker, f.who):
            resolver.last_person = (speaker, name)
        if f.direct:
            last = (f.end, speaker, name)
        quotes.append(Quote(speaker=speaker, speaker_name=name, text=text[f.start : f.end],
                            direct=f.direct, start=f.start, end=f.end))  # fmt: skip
    return quotes


class QuotesStage:
    name = "quotes"

    def __init__(self, data: Path):
        self.vocab = load_vocabulary(data / "quotes.yaml")

    def __call__(self, doc: Document) -> None:
        if not (doc.record.text or "").strip():
            doc.record.quotes = []
            return
        doc.record.quotes = extract_quotes(doc, self.vocab)


@stage("quotes", requires=("spacy", "actors"), assigns=("quotes",))
def make(config: Config, language: Language | None = None) -> QuotesStage:
    return QuotesStage(config.data)
