"""Actors the knowledge base lacks: people and organisations the model finds by name, and
unnamed but specific actors ("French warships", "militants from Afghanistan", "Iraqi Kurds",
"Thousands of Nigerians") from the nouns in ``data/actors/nouns.tsv``."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tocsin.knowledge.actors import Noun
from tocsin.knowledge.gazetteer import fold
from tocsin.knowledge.lexicon import ADJECTIVE, CUE, PEOPLE, STATE
from tocsin.stages.actors.candidates import Cand, CandInfo
from tocsin.stages.actors.context import DASHES, Text
from tocsin.stages.actors.placenames import known_place, locality_head, unknown_place

NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "conj"}
STATES_OWN = {"act", "holding"}  # nouns whose state adjective names the state itself
ARMED_SECTORS = {"REB", "CRM", "INS"}
PATIENT_DEPS = {"nsubjpass", "dobj"}  # the people an act was done to
# civilians, people of no stated calling ("three men"), journalists and refugees: those of
# where an act hits them
VICTIM_SECTORS = {"CVL", "PPL", "MED", "REF"}
COUNTING_DEPS = {"det", "nummod", "quantmod", "predet"}  # "two", "at least 12", "some"
POINTING = {"these", "those", "such", "this", "that"}  # "these groups": the ones named before
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
FORCE_SECTORS = {"MIL", "COP", "SPY"}
CALLINGS = {"MED", "REF"} | FORCE_SECTORS  # placed only as people ("journalists"), not bodies ("media")


class Unknown:
    """Finds the candidates no knowledge-base hit covers."""

    def __init__(self, text: Text) -> None:
        self.t = text
        self.kb = text.kb

    def find(self, chosen: list[Cand]) -> list[Cand]:
        """PERSON and ORG entities that no candidate covers, and unnamed specific actors.
        An organisation's name that contains a body the base knows drops that body from
        ``chosen`` (it is part of the longer name)."""
        t = self.t
        taken = {i for c in chosen for i in range(c.start, c.end)}
        surnames = {e[-1].text for e in t.ents if e.label_ == "PERSON" and len(e) > 1}
        out: list[Cand] = []
        for ent in t.ents:
            span = set(range(ent.start, ent.end))
            if ent.label_ == "PERSON" and not span & taken and self.names_a_group(ent.end):
                start = t.with_the(ent.start)
                out.append(Cand(start, ent.end + 1, "unknown_org"))  # "the Sadykov group"
            elif ent.label_ == "PERSON" and not span & taken and self.person_like(ent):
                out.append(Cand(ent.start, ent.end, "unknown_person"))
            elif ent.label_ == "ORG" and not span & taken and (listed := self.listed_person(ent)) is not None:
                out.append(Cand(ent.start, listed, "unknown_person"))  # "..., Khusrav Gafurzoda and ..."
            elif ent.text in surnames and ent.label_ in ("ORG", "GPE", "NORP") and not span & taken:
                out.append(Cand(ent.start, ent.end, "unknown_person"))  # a surname the model misread
            elif ent.label_ == "ORG" and self.org_like(ent, taken):
                end = self.org_extent(ent)
                start = t.with_the(ent.start) if ent[0].lower_ != "the" else ent.start
                info: CandInfo = {}
                head = next(
                    (w for w in (ent.root, ent[-1]) if w.is_title and t.words.has("body_heads", w.lower_)), None
                )
                if head is not None:
                    start, end, info = self.body(head.i, ent.start, end, taken)
                if any(c.start <= start and end <= c.end for c in out):
                    continue  # already part of a longer name
                out = [c for c in out if not (start <= c.start and c.end <= end)]  # "Water, Energy" of the longer name
                out.append(Cand(start, end, "unknown_org", None, info))
                # a body named inside a longer name is part of that name
                chosen[:] = [
                    c
                    for c in chosen
                    if not (
                        start <= c.start
                        and c.end <= end
                        and c.how == "entry"
                        and self.kb.entries[c.known_ref].kind == "organization"
                    )
                ]
        for last, first in self.named_bodies(taken):
            start, end, info = self.body(last, first, last + 1, taken)
            if not any(c.start < end and start < c.end for c in out):
                out.append(Cand(start, end, "unknown_org", None, info))
        states = {i for c in chosen if c.how == "state" for i in range(c.start, c.end)}
        covered = (taken - states) | {i for c in out for i in range(c.start, c.end)}
        nationals = {h.end - 1: h.ref for h in t.hits if h.cat == PEOPLE}
        heads = {c.end - 1 for c in chosen if c.how == "state"}  # "the Tajik side" is the state already
        cues, nouns = self.kb.sector_cues, self.kb.nouns
        for i, lower in enumerate(t.lowers):
            if i in covered or i in heads:
                continue
            c: Cand | None = None
            if lower in cues or lower in nouns:
                c = self.unnamed(t.sp[i]) or self.regional(t.sp[i])
            elif t.words.has("region_group_nouns", lower) or t.words.has("collective_nouns", lower):
                c = self.regional(t.sp[i])
            elif i in nationals and i not in taken:
                c = self.nationals(t.sp[i], nationals[i])
            if c and not covered & set(range(c.start, c.end)):
                out.append(c)
                out += [o for o in c.info.pop("also", []) if not covered & set(range(o.start, o.end))]
                covered |= set(range(c.start, c.end))
        return out

    # -- named but unknown -----------------------------------------------------------
    def body(self, head: int, start: int, end: int, taken: set[int]) -> tuple[int, int, CandInfo]:
        """A state body's name whose last word is ``head``, from ``start`` to ``end``: with
        the capitalised words coordinated before it ("the Water, Energy and Transport
        Ministry" is one body) and the province or town it serves ("the Roads and Bridges
        Department of Balkh province" is Afghanistan's), as (start, end, info)."""
        t = self.t
        first = start
        while first >= 2 and t.at(first - 1) in ("and", ",") and first - 2 not in taken:
            before = first - 2 - (t.at(first - 1) == "and" and t.at(first - 2) == ",")
            word = t.sp[before]
            if not word.is_title or word.is_sent_start or any(h.start <= before < h.end for h in t.hits):
                break
            first = before
        info: CandInfo = {"noun": "body"}
        end = self.of_body(end)  # "the Criminal Division of the Minsk City Court"
        local = self.local_body(t.sp[head], head + 1)
        if local is not None:
            info["iso3"] = local[0]
            end = max(end, local[1])
        return t.with_the(first) if first < start else start, end, info

    def named_bodies(self, taken: set[int]) -> list[tuple[int, int]]:
        """Runs of capitalised words that end in a ``body_heads`` word ("the Southern Military
        District"), two words at least, none of them taken by a known actor or the sentence's
        first word alone, as (the head word, the run's start)."""
        t, out = self.t, []
        for i, tok in enumerate(t.sp):
            if not (tok.is_title and t.words.has("body_heads", tok.lower_)) or i in taken:
                continue
            if i + 1 < len(t.sp) and t.sp[i + 1].is_title and t.sp[i + 1].pos_ == "PROPN":
                continue  # the name goes on: "District" in "the ... District Military Court"
            j = i
            while j > 0 and j - 1 not in taken and (t.sp[j - 1].is_title or t.sp[j - 1].pos_ == "PROPN"):
                if t.sp[j - 1].is_sent_start and t.sp[j - 1].pos_ != "PROPN":
                    break  # "Officials said": a sentence's first word is capitalised anyway
                j -= 1
            if i - j >= 1 and not any(h.cat == STATE and j <= h.start <= i for h in t.hits):
                out.append((i, t.with_the(j)))
        return out

    def listed_person(self, ent: Span) -> int | None:
        """A name the model calls an organisation in a list of people's names ("Khusein
        Rakhmonov, Khusrav Gafurzoda and ..."): where the person's name ends (a lone first
        word takes the capitalised word after it), or None."""
        t = self.t
        end = ent.end
        if len(ent) == 1 and t.sp[end : end + 1].text.istitle() and t.sp[end].pos_ == "PROPN":
            end += 1
        words = t.sp[ent.start : end]
        if not 2 <= len(words) <= 3 or not all(w.is_alpha and w.is_title for w in words):
            return None
        if any(t.words.has(lst, w.lower_) for w in words for lst in ("name_tails", "body_heads", "not_actors")):
            return None

        def person_at(i: int, before: bool) -> bool:
            return any(e.label_ == "PERSON" and (e.end == i if before else e.start == i) for e in t.ents)

        separators = {",", "and"}
        before = t.at(ent.start - 1) in separators and person_at(ent.start - 1, before=True)
        k = end + (t.at(end) in separators) + 2 * (t.sp[end : end + 3].text.lower() == "as well as")
        after = k > end and person_at(k, before=False)
        return end if before or after else None

    def person_like(self, ent: Span) -> bool:
        # an initial counts as a word: "Rustam A." (a suspect's name shortened, as courts and
        # some countries' press give it)
        words = [t for t in ent if t.is_alpha or (len(t.text) == 2 and t.text[0].isupper() and t.text[1] == ".")]
        if not words or not all(t.text[:1].isupper() for t in words):
            return False
        if any(h.cat in (PEOPLE, ADJECTIVE) for h in self.t.ending.get(ent.end, [])):
            return False  # "Bosnian Serbs", "Young Algerians" are people, not a person
        last = words[-1].lower_
        if (last,) in self.t.feature_heads or self.t.place_words.has("border_nouns", last):
            return False  # "Tajik Border", "Karasu River" in a title-case heading: a place
        if self.t.words.has("place_heads", last) or self.t.words.has("not_actors", last):
            return False  # "Transit Corridor", "Peace Plan": a thing named in capitals
        if locality_head(self.t, ent.end) or self.t.words.has("place_heads", self.t.at(ent.end)):
            return False  # "X district", "the X crossing": a place the gazetteer lacks
        if len(words) == 1:  # a lone unknown word is a surname seen before, or noise
            return any(
                e.label_ == "PERSON" and len(e) > 1 and e[-1].text == ent.text and e.start < ent.start
                for e in self.t.ents
            )
        return True

    def org_like(self, ent: Span, taken: set[int]) -> bool:
        if not any(c.isupper() for c in ent.text) or self.t.words.has("not_actors", ent.root.lemma_):
            return False
        if self.a_people(ent):
            return False  # "Tamils", "Palestinians": left to the nouns and nationals
        if any(h.cat == ADJECTIVE and h.start == ent.start for h in self.t.ending.get(ent.end, [])):
            return False  # "a Tajik official": the model's ORG is a state's adjective
        if unknown_place(self.t, ent) or known_place(self.t, ent):
            return False
        inside = [i for i in range(ent.start, ent.end) if i in taken]
        if not inside:
            return True
        rest = [w for w in ent if w.i not in taken]
        if all(self.t.words.has("name_tails", w.lower_) or w.is_punct for w in rest):
            return False  # "the TASS news agency": TASS's name, said in full
        return ent.root.i not in taken and len(inside) < len(ent)

    def a_people(self, ent: Span) -> bool:
        last = ent[-1]
        if any(n.kind == "people" and len(n.words) == 1 for n in self.kb.nouns.get(last.lower_, [])):
            return True
        return any(h.cat == PEOPLE and h.start >= ent.start for h in self.t.ending.get(ent.end, []))

    def org_extent(self, ent: Span) -> int:
        """ "the Institute of Economics" + "of the Kazakh Academy of Sciences" is one body."""
        end = ent.end
        while end > ent.start + 1 and self.t.at(end - 1) in ("of", "the"):
            end -= 1  # "the Criminal Division of the", as the model may end it
        end = self.of_body(end)
        return end + 1 if self.names_a_group(end) else end  # "the Sadykov group"

    def of_body(self, end: int) -> int:
        """Where a body's name ends that goes on with "of" another body ("... of the Minsk City
        Court"): the other's end, or ``end``."""
        t = self.t
        if t.at(end) == "of":
            k = end + 1 + (t.at(end + 1) == "the")
            for other in t.ents:
                if other.start in (k, end + 1) and other.label_ == "ORG":
                    return other.end
            j = k
            while j < len(t.sp) and t.sp[j].is_title:
                j += 1
            if j > k and t.words.has("body_heads", t.at(j - 1)):
                return j  # a body the model does not tag: "of the Minsk City Court"
        return end

    def names_a_group(self, end: int) -> bool:
        t = self.t
        return end < len(t.sp) and t.sp[end].text.islower() and t.words.has("name_heads", t.sp[end].text)

    # -- unnamed ---------------------------------------------------------------------
    def noun_at(self, root: Token) -> Noun | None:
        """The longest form in ``nouns.tsv`` that ends at ``root`` ("aid workers", "officials")."""
        lowers, i = self.t.lowers, root.i
        for noun in self.kb.nouns.get(lowers[i], []):
            n = len(noun.words)
            if i - n + 1 >= 0 and tuple(lowers[i - n + 1 : i + 1]) == noun.words:
                return noun
        return None

    def heads_actor_noun(self, tok: Token) -> bool:
        """ "rebel" in "rebel leaders" modifies another actor noun, which names the actor."""
        head = tok.head
        if not (tok.dep_ in ("compound", "amod", "nmod") and head.i > tok.i):
            return False
        noun = self.noun_at(head)
        strong_cue = self.kb.sector_cues.get(head.lower_, ("", 0))[1] >= 2
        return (noun is not None and noun.kind not in STATES_OWN) or strong_cue

    def unnamed(self, root: Token) -> Cand | None:
        """ "a U.S. defense intelligence contractor", "militants from Afghanistan", "French
        warships", "Iraqi Kurds": a noun that names a kind of actor, with its modifiers, and a
        state that says whose (a people may stand alone)."""
        t, kb = self.t, self.kb
        cue = kb.sector_cues.get(root.lower_)
        noun = self.noun_at(root)
        # the tagger reads some plurals as verbs ("militants ... remain"); the parser knows better
        nominal = root.pos_ in ("NOUN", "PROPN") or root.dep_ in NOMINAL_DEPS
        if not nominal or (noun is None and (not cue or cue[1] < 2)) or self.heads_actor_noun(root):
            return None
        if root.is_title and root.dep_ == "compound" and root.head.i > root.i and root.head.is_title:
            return None  # "Military" in "the Southern Military District": a word of a name
        if noun and noun.kind == "people" and not root.text[:1].isupper():
            return None
        if noun and noun.kind in STATES_OWN:
            return self.acting_state(root, forces=noun.kind == "holding" and noun.sector in FORCE_SECTORS)
        form_start = root.i - len(noun.words) + 1 if noun else root.i
        edge = root.left_edge.i
        if root.dep_ == "compound" and root.head.i > root.i:
            edge = min(edge, root.head.left_edge.i)  # "Israeli army bulldozers": the army is Israel's
        left = min(edge if root.i - edge <= 5 else form_start, form_start)  # the noun's own words, parsed or not
        # a dash that sets off a dateline or heading, not the hyphen of "UK-led"
        left = max([left] + [i + 1 for i in range(left, form_start) if t.sp[i].text in DASHES and spaced(t.sp[i])])
        # "shot dead three migrants": a word before the count is the verb's, not the actor's
        counted = (i for i in range(left + 1, form_start) if t.sp[i].pos_ == "NUM" and t.sp[i - 1].pos_ == "ADJ")
        left = next(counted, left)
        chunk = t.sp[left : root.i + 1]
        described = chunk[: form_start - chunk.start]  # the words before the noun, count and all
        country, head_cue = None, None
        country_hit, cue_hits, head_start = None, [], chunk.end
        for h in t.hits:
            if not (chunk.start <= h.start and h.end <= chunk.end):
                continue
            if h.cat in (ADJECTIVE, STATE) and t.at(h.start - 1) != "ethnic":
                country, country_hit = h.ref, h
            elif h.cat == CUE and h.end <= form_start and kb.sector_cues[h.ref][1] >= 1:
                cue_hits.append(h)
            elif h.cat == CUE and h.end == chunk.end and h.start < form_start:
                head_cue, head_start = kb.sector_cues[h.ref], h.start  # "border troops" says more than "troops"
        # a cue inside the head cue is part of the head ("border" of "border troops"), not a modifier
        modifiers = [kb.sector_cues[h.ref] for h in cue_hits if h.start < head_start]
        end = chunk.end
        after = t.cue_after(chunk.end, ("from", "in", "of") if noun and noun.kind != "people" else ("from", "of"))
        if after and chunk.end < len(t.sp) and t.sp[chunk.end].head.i != root.i:
            after = None  # "the withdrawal of forces from Panama": "from" belongs to the withdrawal
        if after and t.at(chunk.end) == "in" and country is not None:
            after = None  # "Tajik migrants in Russia" are Tajikistan's, wherever they are
        if after and after[1] == "state" and t.at(after[0]) in (",", "and", "or") and not self.a_people_noun(noun):
            return None  # "troops from Russia, Tajikistan and Uzbekistan": the states are the sides
        if after and after[1] == "state" and t.at(after[0]) not in (",", "and", "or"):
            country, end = after[2], after[0]  # "officials from China, India and Iran" are the states'
            edge = t.sp[chunk.end].right_edge.i + 1  # "in Kyrgyzstan's southern Batken region"
            end = edge if end < edge <= end + 6 and not any(w.is_punct for w in t.sp[end:edge]) else end
        alone = noun is not None and noun.kind == "people"
        if country is None and alone and noun is not None:
            country = noun.country
        if country is None:
            country = self.people_country(chunk[: form_start - chunk.start])
        head = head_cue or cue
        if head is None:
            assert noun is not None  # with neither a noun nor a cue it returned above
            head = (noun.sector, 1)
        if country is None and after is None and head[0] in STATE_SECTORS | ARMED_SECTORS and not alone:
            local = self.local_body(root, chunk.end)  # "the governor of Khatlon", "courts in Osh"
            if local is not None and not self.describes_person(root, local[1]):  # a body of its own
                plural = is_plural(root)
                kind = "person" if noun is not None and noun.kind == "person" and not plural else "force"
                words = t.sp[chunk.start : local[1]].text
                name = words if chunk[0].pos_ == "PROPN" else words[:1].upper() + words[1:]
                own: CandInfo = {"iso3": local[0], "sector": head[0], "plural": plural, "noun": kind, "name": name}
                return Cand(chunk.start, local[1], "unnamed", None, own)
        # "foreign nationals" detained in Germany are not Germany's
        alien = any(t.words.has("foreign_words", w.lower_) for w in chunk)
        gathered = country is None and not alone and head[0] in VICTIM_SECTORS and not alien
        if gathered:
            country = self.gathered_in(root)  # "protesters in Bishkek" are Kyrgyz protesters
            gathered = country is not None
        in_view = False  # a state's forces named without it: the state in view, found when resolving
        if country is None and not alone and self.state_forces_acting(root, head[0], modifiers, left):
            country = t.placed_state(root) or t.sentence_state(root)  # "in Bavaria, police units ...": Germany's
            in_view = country is None
        if country is None and noun is not None and noun.kind in ("force", "person") and head[0] in STATE_SECTORS:
            country = self.sender(root)  # "Kazakhstan formed a government delegation": Kazakhstan's
        placed = country is None and not (alone or in_view or alien) and self.located_by_place(root, head[0], noun)
        counted_as = None
        if placed:
            country = t.placed_state(root)  # "killed two civilians in Osh": Kyrgyzstan's civilians
            counts = [w.i for w in chunk if w.i < root.i and self.counts(w)]
            counted_as = chunk.text if counts else None
            chunk = t.sp[counts[-1] + 1 : chunk.end] if counts else chunk  # "civilians", not "at least two civilians"
        stateless = country is None and not alone and not in_view
        if stateless and self.refers_back(root, chunk[: form_start - chunk.start], head[0], modifiers, noun):
            # "the attackers", "the gunmen": the armed actor the text named before
            return Cand(chunk.start, end, "unnamed", None, {"iso3": None, "armed_back": True, "noun": "person"})
        # people an act is done to are those of where it happens (``placed``), however many
        group_start = self.counted_party(root, described, noun) if stateless and not placed else None
        if group_start is not None:  # "seven foreign nationals", "hundreds of people": as the report counts them
            chunk, counted_as = t.sp[min(group_start, chunk.start) : chunk.end], None
        if (
            stateless
            and group_start is None
            and (
                not self.armed_unnamed(root, chunk[: form_start - chunk.start], head[0], modifiers, noun)
                or self.named_by_example(root)
            )
            and not self.speaks(root, head[0], modifiers, noun)
        ):
            return None
        if self.describes_person(root, end) or self.audience(root, head[0]) or self.riverside(root):
            return None
        machine = noun is not None and t.words.has("war_machines", " ".join(noun.words))
        if machine and country and all(m[0] == "MIL" for m in modifiers) and "armed-forces" in self.kb.templates:
            forces: CandInfo = {"iso3": country, "context": False, "modifiers": None}  # "Russian attack jets"
            others = t.coordinated(country_hit.start) if country_hit and country_hit.cat == ADJECTIVE else []
            forces["also"] = [  # "French and Egyptian warships": each state's forces
                Cand(h.start, h.end, "inst", "armed-forces", {**forces, "iso3": h.ref}) for h in others
            ]
            start = country_hit.start if others and country_hit else chunk.start
            return Cand(start, end, "inst", "armed-forces", forces)
        key = self.template_at(root, chunk.start, form_start)
        if key:  # "officials in Tajikistan", "health officials", "border troops", a misparsed "the Afghan government"
            info: CandInfo = {"iso3": country, "context": in_view, "modifiers": (chunk.start, root.i)}
            return Cand(chunk.start, end, "inst", key, info)
        strong = [m for m in modifiers if m[1] >= head[1]]  # "rebel leaders", not "defense contractor"
        sector = max(strong, key=lambda s: s[1])[0] if strong else head[0] if head[1] >= 1 or not noun else noun.sector
        plural = is_plural(root)
        kind = noun.kind if noun else "person"
        info = {"iso3": country, "sector": sector, "plural": plural, "noun": kind, "context": in_view}
        if noun is not None:
            info["form"] = " ".join(noun.words)
        if placed and counted_as:
            info["counted"] = counted_as  # how the report names them: "26 people"
        if (placed or gathered) and country and kb.states[country].adjectives:
            words = chunk.text if chunk[0].pos_ == "PROPN" else chunk.text[:1].lower() + chunk.text[1:]
            info["name"] = f"{kb.states[country].adjectives[0]} {words}"  # "Kyrgyz civilians"
        start = chunk.start
        others = t.coordinated(country_hit.start) if country_hit and country_hit.cat == ADJECTIVE else []
        if others and country_hit is not None:  # "Kyrgyz and Tajik villagers": one actor each
            shared = t.sp[country_hit.end : root.i + 1].text  # "border residents" after the last adjective
            start = max(chunk.start, country_hit.start) if others[-1].start >= chunk.start else chunk.start
            info["also"] = [
                Cand(
                    h.start,
                    h.end,
                    "unnamed",
                    None,
                    {**info, "iso3": h.ref, "name": f"{t.sp[h.start : h.end].text} {shared}"},
                )
                for h in others
            ]
        return Cand(start, end, "unnamed", None, info)

    def local_body(self, root: Token, end: int) -> tuple[str, int] | None:
        """ "the governor of Khatlon", "local officials in Kandahar", "courts in Novosibirsk": a
        state's office or body named by the province or town it serves is that state's.
        (country, where the phrase ends), or None."""
        t = self.t
        if t.places is None or t.at(end) not in ("of", "in") or t.sp[end].head.i != root.i:
            return None
        pobj = next((c for c in t.sp[end].children if c.dep_ == "pobj"), None)
        if pobj is None or any(c.dep_ in ("conj", "preconj", "cc") for c in pobj.children):
            return None  # "of both X and Y": the states, each its own
        # "in Baghlan province": the name is the compound before the feature word
        compounds = [w for w in pobj.lefts if w.dep_ == "compound" and w.pos_ == "PROPN"]
        name = pobj if pobj.pos_ == "PROPN" else compounds[-1] if compounds else None
        if name is None:
            return None  # "officials of the ministry": no place
        first = next((w.i for w in name.subtree if w.pos_ == "PROPN"), name.i)  # "Mazar-i-Sharif"
        place = t.places.resolve(t.sp[first : name.i + 1].text) or t.places.resolve(t.name_ending(name).text)
        if place is None or not place.country:
            return None  # a country itself after "in" is read by ``cue_after``, but "northern Syria" is not
        return place.country, pobj.i + 1

    def riverside(self, root: Token) -> bool:
        """ "on the Afghan bank of the river": a bank that is a place."""
        words = self.t.words
        return (
            words.has("riverside_nouns", root.lower_)
            and root.tag_ == "NN"  # "sanctions on three Uzbek banks" are on lenders
            and any(c.lower_ == "the" for c in root.children)
            and root.dep_ == "pobj"
            and words.has("riverside_prepositions", root.head.lower_)
        )

    def audience(self, root: Token, sector: str) -> bool:
        """Reporters a statement is made to ("informed reporters", "speaking to journalists")."""
        if sector != "MED":
            return False
        verb = root.head
        if root.dep_ == "pobj" and self.t.words.has("audience_prepositions", verb.lower_):
            verb = verb.head
        elif root.dep_ not in ("dobj", "dative"):
            return False
        return self.t.words.has("audience_verbs", verb.lemma_.lower())

    def sender(self, root: Token) -> str | None:
        """The state that sends, forms or deploys a body named without its state: the subject of
        the verb it is the object of ("X sent a delegation", "X has begun forming a mission")."""
        if root.dep_ != "dobj" or not self.t.words.has("sending_verbs", root.head.lemma_):
            return None
        verb = root.head
        for _ in range(3):  # "has begun forming": the subject of "begun"
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                states = [h.ref for h in self.t.hits if h.cat == STATE and h.start <= subj.i < h.end]
                return states[0] if states else None
            if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def counted_party(self, root: Token, before: Span, noun: Noun | None) -> int | None:
        """ "seven foreign nationals were charged", "police detained 26 people": people counted
        as the doers or the patients of an act are a specific group, an actor of the report
        even with no state given. Where the group's words start ("hundreds of people"), or None."""
        if noun is None or noun.kind != "person" or root.tag_ not in ("NNS", "NNPS"):
            return None
        if any(c.dep_ == "poss" for c in root.children):
            return None  # "35 of its citizens" are whose "its" says
        if any(w.lower_ in ("the", "these", "those", "both") for w in before):
            return None  # "the two leaders" are the ones named before
        holder = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else root  # "hundreds of people"
        counted = holder is not root and (holder.like_num or self.t.words.has("count_words", holder.lower_))
        if not counted:
            holder = root  # "a mobilization of 20,000 reservists": the count is the noun's own
            if not any(w.pos_ == "NUM" or w.dep_ == "nummod" for w in before):
                return None
        if holder.dep_ not in ("nsubj", "nsubjpass", "dobj") or holder.head.pos_ != "VERB":
            return None
        return holder.left_edge.i if holder is not root else before.start

    def regional(self, root: Token) -> Cand | None:
        """ "Central Asian countries", "European diplomats": a region's adjective before a plural
        actor noun names a group of that region's states or people, an actor with no one country."""
        t = self.t
        plural = root.tag_ in ("NNS", "NNPS") or root.lower_ == "community"  # "the global community"
        if t.places is None or not plural or root.pos_ not in ("NOUN", "PROPN") or self.heads_actor_noun(root):
            return None
        noun = self.noun_at(root)
        if noun is not None and noun.kind in STATES_OWN | {"people"}:
            return None
        mods = [w for w in root.lefts if w.dep_ in ("amod", "compound", "nmod", "npadvmod")]
        if not mods:
            return None
        start = next((i for i in range(mods[0].left_edge.i, root.i) if t.sp[i].dep_ not in COUNTING_DEPS), root.i)
        words = t.sp[start : root.i].text
        if any(h.cat in (ADJECTIVE, STATE) and start <= h.start < root.i for h in t.hits):
            return None  # "Tajik and Central Asian officials": the state's, found by ``unnamed``
        gathering = [w for w in mods if t.words.has("collective_adjectives", w.lower_)]
        group_noun = t.words.has("region_group_nouns", root.lower_) or t.words.has("collective_nouns", root.lower_)
        if gathering and group_noun and len(mods) == len(gathering):
            start = gathering[0].i  # "regional governments", "the international community"
        elif t.words.has("collective_nouns", root.lower_) and not t.words.has("region_group_nouns", root.lower_):
            return None  # "Central Asian agencies": a region's adjective with a noun of its own
        elif not any(fold(w) in t.places.region_adjectives for w in region_words(words)):
            return None
        sector = noun.sector if noun else "GOV"
        info: CandInfo = {"iso3": None, "sector": sector, "plural": True, "noun": "person"}
        return Cand(start, root.i + 1, "unnamed", None, info)

    @staticmethod
    def armed_unnamed(
        root: Token, before: Span, sector: str, modifiers: list[tuple[str, int]], noun: Noun | None
    ) -> bool:
        """ "two gunmen", "armed men", "masked attackers" with no state the text gives are
        still actors, as ACLED's "Unidentified Armed Group": an attack told without its
        attackers' country must not lose its attackers. "The militants" refers back,
        "its fighters" are whose "its" says, and "fewer traffickers" counts nobody in particular."""
        armed = sector in ARMED_SECTORS or any(m[0] in ARMED_SECTORS for m in modifiers)
        words = [w for w in before if not w.is_punct]
        if not armed or any(w.dep_ == "poss" or w.tag_ in ("JJR", "RBR") for w in words):
            return False
        if any(w.pos_ != "DET" for w in words):
            return True  # described: "two gunmen", "masked attackers"
        if noun is None or noun.kind not in ("person", "force") or any(w.lower_ in POINTING for w in words):
            return False  # "these terrorist groups": a class, not someone
        if noun.kind == "force" and root.tag_ not in ("NNS", "NNPS"):
            return False  # "membership in a terrorist organization": a kind of body, not one
        if len(noun.words) > 1:
            return True  # described by the noun's own form: "armed men", "trafficking networks"
        # a bare plural is generic where it is acted upon ("to counter militants") but who
        # acts when it is the subject ("Gunmen ambushed a convoy", "killed by gunmen")
        doer = root.dep_ == "nsubj" or (root.dep_ == "pobj" and root.head.dep_ == "agent")
        # "a shootout with smugglers", "clashes between militants and troops": the other side
        first = root.head if root.dep_ == "conj" else root
        fought = first.head.lower_ in {"with", "between"} and first.head.head.pos_ in {"NOUN", "VERB"}
        side = first.dep_ == "pobj" and fought
        return (doer or side) and not words

    @staticmethod
    def refers_back(
        root: Token, before: Span, sector: str, modifiers: list[tuple[str, int]], noun: Noun | None
    ) -> bool:
        """ "the attackers", "the militants", "two of the gunmen": armed people named by a
        definite noun alone point back to armed actors already named."""
        armed = sector in ARMED_SECTORS or any(m[0] in ARMED_SECTORS for m in modifiers)
        words = [w for w in before if not w.is_punct]
        definite = bool(words) and all(w.lower_ in {"the", "these", "those"} for w in words)
        return armed and definite and noun is not None and noun.kind == "person" and root.tag_ == "NNS"

    def named_by_example(self, root: Token) -> bool:
        """ "terrorist groups such as X and Y", "militants including X": a class whose
        members the text names; the members are the actors."""
        near = [w for c in root.children for w in (c, *c.lefts)]  # "such" hangs on "as" or on the noun
        as_ = any(w.lower_ == "as" and w.dep_ == "prep" for w in near)
        marks = [w for w in near if self.t.words.has("by_example", w.lower_)]
        return any(w.dep_ == "prep" or as_ for w in marks)

    def gathered_in(self, root: Token) -> str | None:
        """The country of the place named right after civilians ("residents in Osh"), or where
        they act ("hundreds of people rallied in Osh")."""
        places = self.t.places
        holder = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else root  # "hundreds of residents"
        verb = holder.head if holder.dep_ == "nsubj" and holder.head.pos_ == "VERB" else None
        if verb is None:  # "Hundreds of residents protested" read as a noun with a clause
            verb = next((c for c in holder.children if c.dep_ == "acl" and c.tag_ in ("VBD", "VBN")), None)
        for prep in [*root.children, *(verb.children if verb is not None else ())]:
            if prep.dep_ != "prep" or prep.lower_ != "in" or places is None:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"):
                place = places.resolve(self.t.name_ending(pobj).text)
                if place is not None and place.country:
                    return place.country
        return None

    def counts(self, word: Token) -> bool:
        return word.dep_ in COUNTING_DEPS or word.pos_ in ("NUM", "DET") or self.t.words.has("quantifiers", word.lower_)

    @staticmethod
    def located_by_place(root: Token, sector: str, noun: Noun | None) -> bool:
        """Civilians, armed men, criminals, soldiers or police an act is done to, named with
        no state, are those of where it happens (as ACLED codes "Civilians (Mali)",
        "Unidentified Armed Group (Syria)", "Police Forces of Afghanistan")."""
        if root.dep_ == "compound" and root.head.i > root.i:
            root = root.head  # "a rebel convoy"
        if any(c.dep_ == "poss" for c in root.children):
            return False  # "its fighters" are whose "its" says
        attacked = root.dep_ == "pobj" and root.head.lower_ in {"against", "on", "at"}  # "an offensive against X"
        # not who acts: attackers often come from across the border of where they strike
        # soldiers, policemen and journalists, not "forces", "units" or "the media"
        if sector in CALLINGS and (noun is None or noun.kind != "person"):
            return False
        return (root.dep_ in PATIENT_DEPS or attacked) and sector in VICTIM_SECTORS | ARMED_SECTORS | FORCE_SECTORS

    @staticmethod
    def a_people_noun(noun: Noun | None) -> bool:
        return noun is not None and noun.kind == "people"

    def template_at(self, root: Token, start: int, form_start: int) -> str | None:
        """The institution template whose longest head ends at ``root`` ("border troops"); a
        head shorter than the actor noun found there does not count ("security forces" are not
        "forces")."""
        heads = self.kb.template_of_head
        for k in range(max(start, root.i - 3), min(form_start, root.i) + 1):
            key = heads.get(" ".join(t.lower_ for t in self.t.sp[k : root.i + 1]))
            if key:
                return key
        return None

    def speaks(self, root: Token, sector: str, modifiers: list[tuple[str, int]], noun: Noun | None) -> bool:
        """People with no state who speak or act in the report ("a human rights lawyer told ...",
        "local residents said"): a state's people ("officials said") are left to the state in view."""
        # armed men are ``armed_unnamed``'s; "its fighters" are whose "its" says
        official = STATE_SECTORS | ARMED_SECTORS
        civil = sector not in official or any(m[0] not in official for m in modifiers)
        civil = civil and not any(w.dep_ == "poss" for w in root.lefts)
        cue = self.kb.sector_cues.get(root.lemma_.lower(), ("", 0))
        calling = noun.kind == "person" if noun is not None else cue[1] >= 2
        # who spoke, or did something on the day told ("villagers blocked the road")
        # ("the victims" did nothing new: they are the people told of before)
        definite = [w.lower_ for w in root.lefts] == ["the"]
        spoke = self.t.words.has("speaking_verbs", root.head.lemma_.lower()) or (
            root.head.tag_ == "VBD" and not definite
        )
        return civil and calling and root.dep_ == "nsubj" and spoke

    def state_forces_acting(self, root: Token, sector: str, modifiers: list[tuple[str, int]], left: int) -> bool:
        """A state's forces named without their state ("security forces killed ...", "border
        guards detained ...", "special police units raided ..."): plural, the subject or object
        of a verb, described by nothing but other force words and ``force_adjectives``."""
        plural = is_plural(root)
        described = any(  # "some soldiers", "its forces", "foreign troops"; not "special police units"
            t.dep_ in ("amod", "det", "nummod", "poss")
            and t.lower_ != "the"
            and t.i >= left
            and not self.t.words.has("force_adjectives", t.lower_)
            for t in root.lefts
        )
        return (
            sector in FORCE_SECTORS
            and plural
            and all(m[0] in FORCE_SECTORS for m in modifiers)
            and root.dep_ in ("nsubj", "nsubjpass", "dobj")
            and root.head.pos_ in ("VERB", "AUX")
            and not described
        )

    def people_country(self, words: Span) -> str | None:
        """ "Hazara elders", "Uyghur activists": a people's name says whose they usually are."""
        for tok in words:
            for noun in self.kb.nouns.get(tok.lower_, []):
                if noun.kind == "people" and noun.country and tok.text[:1].isupper() and len(noun.words) == 1:
                    return noun.country
        return None

    def acting_state(self, root: Token, forces: bool = False) -> Cand | None:
        """ "an Indian proposal", "Israeli air raids": the adjective names the state acting;
        ``forces``: what it holds are its armed forces' ("Russian airfields", "Kyrgyz positions")."""
        t = self.t
        for h in t.hits:
            if (
                h.cat == ADJECTIVE
                and root.left_edge.i <= h.start
                and h.end <= root.i
                and root.i - h.start <= 4
                and t.sp[h.end - 1].head.i == root.i
                and t.sp[h.end - 1].dep_ in ("amod", "compound")
            ):
                if forces and "armed-forces" in self.kb.templates:
                    info: CandInfo = {"iso3": h.ref, "context": False, "modifiers": None}
                    return Cand(h.start, h.end, "inst", "armed-forces", info)
                return Cand(h.start, h.end, "unnamed", None, {"iso3": h.ref, "noun": "act"})
        return None

    def describes_person(self, root: Token, end: int) -> bool:
        """A title before a name ("Russian Permanent Representative ... X") or an apposition
        to one ("X, a Kenyan official") describes that person; it is no actor of its own."""
        t = self.t
        for ent in t.ents:
            if ent.label_ != "PERSON":
                continue
            between = t.sp[end : ent.start]
            if end <= ent.start <= end + 6 and all(t.in_title(w) or (w.i == end and w.text == ",") for w in between):
                return True
            if root.dep_ == "appos" and ent.start <= root.head.i < ent.end:
                return True
        return False

    def nationals(self, tok: Token, iso3: str | None) -> Cand | None:
        """ "Palestinians blamed ...", "young Algerians": a state's people acting, not the state."""
        t = self.t
        if not (tok.tag_ in ("NNS", "NNPS") or tok.lower_.endswith("s")) or not t.noun_head(tok):
            return None
        if not (tok.dep_ in NOMINAL_DEPS or tok.dep_ == "ROOT"):
            return None
        left = tok.left_edge.i if tok.i - tok.left_edge.i <= 3 else tok.i
        for h in t.hits:  # "Bosnian Serbs" are Bosnia's
            if left <= h.start and h.end <= tok.i and h.cat in (ADJECTIVE, STATE):
                iso3 = h.ref
        if t.at(tok.i - 1) == "ethnic":
            iso3 = None  # "ethnic Albanians in Serbia" are a people, not Albania's
        return Cand(left, tok.i + 1, "unnamed", None, {"iso3": iso3, "sector": "CVL", "plural": True, "noun": "people"})


def region_words(words: str) -> list[str]:
    """Every run of words in a modifier ("ex-Soviet Central Asian": "ex-Soviet", "Central
    Asian", "Soviet Central Asian"...), to look up as a region's adjective."""
    parts = words.split()
    return [" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]


def unnamed_kind(noun: str, sector: str, plural: bool) -> str:
    """ "an official" is a person; "officials" and "Kurds" are others; "rebels" an armed group;
    "Pakistani police" or "French warships" the state's forces; "aid groups" organisations."""
    if sector == "REB" and (plural or noun == "force"):
        return "armed_group"
    if noun == "force":
        return "government" if sector in STATE_SECTORS else "organization"
    return "person" if noun == "person" and not plural else "other"


def is_plural(root: Token) -> bool:
    """Tagged plural, or ending in "s" where the tagger did not call it a singular noun (it
    reads some plurals as verbs: "militants ... remain"); "a witness" stays one."""
    return root.tag_ in ("NNS", "NNPS") or (root.tag_ not in ("NN", "NNP") and root.lower_.endswith("s"))


def spaced(tok: Token) -> bool:
    """A token with space on one side at least: a dash between words, not a hyphen inside one."""
    return bool(tok.whitespace_) or (tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_))
