"""One update's sentences become drafts: cued sentences start or continue events, the
sentences between elaborate them, and a last pass settles what the update as a whole says
(summaries that total later sentences, attackers and dates named once for several events).
"""

from __future__ import annotations

import re
from datetime import timedelta

from kg.extract.sentence.candidates import Candidate, candidates
from kg.extract.sentence.mentions import ActorRef, PlaceRef, SentenceFacts, described, read_sentence
from kg.extract.sentence.roles import AGENT_ROLE, Role, assign, usable
from kg.extract.text.cues import AGREEING, AIR_DEFENCE, attack_subtype
from kg.extract.text.numbers import parse_number
from kg.extract.text.sentences import Sentence
from kg.extract.update.context import regions_named, regions_of_towns, surnames_are_persons
from kg.extract.update.drafts import Draft, Gear, contains, family, merge, merge_target
from kg.extract.update.elaborate import add_casualties, elaborate
from kg.extract.update.per_place import split_attack, split_listed, split_regions
from kg.extract.update.settle import generic
from kg.extract.update.weapon_origin import mark_origins
from kg.gazetteer.lookup import Gazetteer

PLACE_BOUND = ("Attack", "ArmedClash", "TerritoryChange", "DiplomaticVisit", "Agreement", "Interception")
NO_PERSONS = (
    "Attack",
    "MilitaryAid",
    "Sanctions",
    "Interception",
    "ArmedClash",
    "TerritoryChange",
)
_SERIES = re.compile(
    r"\b(?:\d+|dozens of|hundreds of)\s+times\b|"
    r"\b(?:shelled|attacked|struck|hit|targeted)\s+(?:\d+|dozens of)\s+"
    r"(?:settlements|towns|villages|communities)\b",
    re.IGNORECASE,
)
"""Many attacks told as one: "shelled the region 87 times", "shelled 27 settlements of the region"."""
_BY_ITS = re.compile(
    r"\bby\s+(?:its|their)\s+(?:own\s+)?(?:\w+\s+)?(?:drones?|missiles?|forces|troops|units?|"
    r"strikes?|fighters|jets|artillery)\b",
    re.IGNORECASE,
)
_COORDINATED = re.compile(
    r"\band\s+(?:then\s+|also\s+)?$|\b(?:where|when|and)\s+(?:they|both\s+sides)\s+(?:also\s+)?$"
)
"""What joins a second verb to the sentence's subject: "met Zelenskyy and pledged", "met in
Istanbul, where they agreed"."""
_THE_TOWN = re.compile(r"\bthe (?:city|town|village|settlement)\b(?! of)", re.IGNORECASE)
_PRONOUN = re.compile(
    r"^(?:(?:On|Later|Earlier|Then)\b[^,]{0,30}?,?\s+(?=[hH]e\b|[sS]he\b))?([Hh]e|[Ss]he)\b"
)
_LAUNCH = re.compile(
    r"\b(?:launched|fired|sent|used|using|attacked\b[^.;:]{0,40}?\bwith)\b", re.IGNORECASE
)
_NATIONWIDE = re.compile(
    r"\b(?:massive|mass|large-scale|huge|combined)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attack|strike|assault|barrage|bombardment)s?\s+(?:on|across|against)\s+(?:Ukraine|Russia)\b",
    re.IGNORECASE,
)
"""A strike told over a whole country ("a massive missile attack on Ukraine"): a launch at it."""
_COUNTED_TARGET = re.compile(
    r"\b([\w-]+)\s+(?:[A-Z][\w-]+\s+|[a-z]+\s+){0,2}?(?:oil\s+|fuel\s+|ammunition\s+)?"
    r"(depots|refineries|terminals|airfields|bases|plants|substations|ships|boats|warehouses)\b"
)


_FIGHTING = ("Attack", "ArmedClash", "TerritoryChange")
_BACKGROUND_DAYS = 31


def _long_ago(f: SentenceFacts, page_date) -> bool:
    """A sentence dated only by a month, season or year that ended well before the page ("in
    February 2022", "last summer", "the counteroffensive of 2023") tells background: its strikes
    and fighting are not the day's events, and it adds nothing to the event before it."""
    refs = [d.ref for d in f.dates if d.ref is not None]
    if not refs or page_date is None or any(r.precision == "day" for r in refs):
        return False
    return all((page_date - _period_end(r)).days > _BACKGROUND_DAYS for r in refs)


WAR_TALLY = 1000
"""No single strike or battle told in this war's reporting has killed or wounded a thousand
people; a figure that large ("killing more than 10,000 civilians, according to the United
Nations") totals the war, and its sentence is background."""


def _war_tally(f: SentenceFacts) -> bool:
    """A sentence whose casualty figure totals the war, told of no town: its strikes are no
    event of the day, and it adds nothing (weapons, figures) to the event before it."""
    if any(p.entry is not None and p.entry.kind == "settlement" and not p.reference_only for p in f.places):
        return False  # "a missile struck Odesa, killing 10,000,000": a misreading of a strike's figure
    return any(c.count is not None and c.count >= WAR_TALLY for c in f.casualties)


def _period_end(ref):
    """The last day of the month or year a date names ("last month" ended days ago)."""
    if ref.precision == "year":
        return ref.date.replace(month=12, day=31)
    if ref.precision == "month":
        following = ref.date.replace(day=28) + timedelta(days=4)
        return following - timedelta(days=following.day)
    return ref.date


_OFFICE = re.compile(r"(Mayor|Governor|Head) of (?:occupied )?(.+)$")
_OFFICE_AFTER = re.compile(
    r"(?:^|\bof\s+(?:the\s+)?|,\s*)((?-i:[A-Z])[\w'’-]+(?:[ -](?-i:[A-Z])[\w'’-]+)?)\s+"
    r"(mayor|governor|regional|oblast|city)\b(?:\s+(?:military|state)\s+administration)?",
    re.IGNORECASE,
)
_REASON = re.compile(r"\b(?:for|over|because|after|in response)\b", re.IGNORECASE)


class UpdateReader:
    """Reads the sentences of one update into drafts."""

    def __init__(self, gaz: Gazetteer, page_date, update_index: int) -> None:
        self.gaz = gaz
        self.page_date = page_date
        self.index = update_index
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.last_town = None
        self.last_person = None
        self.facts: list[SentenceFacts] = []
        """What each sentence of the update names, once read."""

    # ------------------------------------------------------------ reading

    def read(self, sentences: list[Sentence]) -> list[Draft]:
        facts = [read_sentence(s.text, self.gaz, self.page_date) for s in sentences]
        for s, f in zip(sentences, facts, strict=True):
            mark_origins(s.text, f)
        self.facts = facts
        surnames_are_persons(facts, [s.text for s in sentences])
        regions = {name for f in facts for name in regions_named(f)}
        towns = {name for f in facts for name in regions_of_towns(f)}
        for f in facts:
            self._resolve(f, regions or towns)
        for s, f in zip(sentences, facts, strict=True):
            speaker = self._speaker(sentences, facts, s)
            self._anaphora(s, f)
            found = candidates(s.text, f, s.quoted)
            if _long_ago(f, self.page_date) or _war_tally(f):  # "The counteroffensive of 2023 stalled"
                found = [c for c in found if c.type not in _FIGHTING]
                if not found:
                    continue
            current = self.current
            if found and _toll_only(found, f) and current is not None and current.family == "Attack":
                found = []  # "Rescuers pulled the body of a girl from the rubble": the strike before
            if not found:
                target = self.current
                if target is not None and target.family == "Interception" and not AIR_DEFENCE.search(s.text):
                    if _no_one_hurt(f):  # "No one was hurt": of the night's downings too
                        add_casualties(target, f)
                    # damage and victims told after the interceptions belong to the strike
                    target = next((d for d in reversed(self.drafts) if d.family == "Attack"), target)
                if target is not None:
                    elaborate(target, s, f)
                    target.summary = target.summary and s.summary
                continue
            for cand in found:
                if (cand.type == "Condemnation" and AGREEING.match(cand.cue.text)
                        and not any(d.family == "Condemnation" for d in self.drafts)):
                    continue  # "took the same view" with no condemnation before it shares no words
                window = _window(cand, found, len(s.text))
                draft = self._draft(cand, s, f, speaker, window)
                if draft.family == "Attack":
                    launch_told = any(x.wave for x in self.drafts)
                    parts = (split_attack(draft, s.text, f) or split_listed(draft, s.text, f)
                             or split_regions(draft, s.text, f, launch_told))
                else:  # "took control of the villages of A and B": a change of hands per village
                    parts = split_listed(draft, s.text, f) if draft.family == "TerritoryChange" else None
                siblings: list[Draft] = []
                for part in parts or [draft]:
                    siblings.append(self._add(part, siblings))
        return self.drafts

    def _anaphora(self, s: Sentence, f: SentenceFacts) -> None:
        """ "the city" is the town last named in the update; a sentence opened by "He"/"She" is
        about the person last named."""
        named = [p for p in f.places if p.entry is not None and p.entry.kind == "settlement"]
        if not named and self.last_town is not None:
            m = _THE_TOWN.search(s.text)
            if m:
                f.places.append(PlaceRef(m.start(), m.end(), m.group(), [self.last_town], self.last_town))
        if named:
            self.last_town = named[-1].entry
        m = _PRONOUN.match(s.text)
        if m and self.last_person is not None and not any(a.start < m.end() for a in f.actors):
            f.actors.insert(0, ActorRef(m.start(1), m.end(1), m.group(1), self.last_person, "name"))
        persons = [a for a in f.actors if getattr(a.entry, "kind", None) == "Person"]
        if persons:
            self.last_person = persons[-1].entry

    def _resolve(self, facts: SentenceFacts, regions: set[str]) -> None:
        local = regions_named(facts) or regions_of_towns(facts)
        countries = {
            p.candidates[0].name
            for p in facts.places
            if len(p.candidates) == 1 and p.candidates[0].kind == "country"
        }
        for p in facts.places:
            if p.entry is None and p.candidates:
                p.entry = self.gaz.resolve_place(p.candidates, local or regions, countries, tiers=p.tiers)

    def _speaker(self, sentences: list[Sentence], facts: list[SentenceFacts], s: Sentence):
        if s.intro is None:
            return None
        intro = facts[s.intro]
        for a in intro.actors:
            if usable(a, sentences[s.intro].text):
                return a.entry
        for f in facts[: s.intro + 1]:
            for a in f.actors:
                if getattr(a.entry, "kind", None) == "State":
                    return a.entry
        return None

    def _add(self, draft: Draft, siblings: list[Draft] = ()) -> Draft:
        """Add a draft or fold it into the one it continues, never into another event of its own
        sentence (``siblings``); return the draft it now is."""
        # a title or key point and the story told in full are matched across the page, not here
        pool = [d for d in self.drafts if d.summary == draft.summary and all(d is not x for x in siblings)]
        if self.current in pool:  # the event last told of is the one a sentence without a place goes on
            pool.remove(self.current)
            pool.append(self.current)
        old, refine = merge_target(pool, draft)
        if old is None:
            self.drafts.append(draft)
            self.current = draft
        else:
            merge(old, draft, refine)
            self.current = old
        return self.current

    # ------------------------------------------------------------ drafts

    def _draft(
        self, cand: Candidate, s: Sentence, f: SentenceFacts, speaker, window: tuple[int, int]
    ) -> Draft:
        d = Draft(type=self._type(cand, s, f), update=self.index, verbal=cand.cue.verbal, quoted=s.quoted)
        d.spans.append((s.start, s.end, s.text))
        d.summary = s.summary
        fam = family(d.type)
        if fam in PLACE_BOUND:
            for p in f.places:
                if p.entry is not None and not p.reference_only and window[0] <= p.start < window[1]:
                    if fam == "DiplomaticVisit" and _not_visited(s.text, cand.cue, p, f.places):
                        continue
                    d.add_place(p.entry)
        if fam == "Attack" and not d.places:
            self._jurisdiction(d, f)
        states = {a.start: a.state for a in f.actors}
        actors = f.actors if fam == "Attack" else [a for a in f.actors if window[0] <= a.start < window[1]]
        subjects = []
        if window[0] > 0 and cand.cue.verbal and _COORDINATED.search(s.text[window[0] : cand.cue.start]):
            # "Starmer met Zelenskyy in London and pledged ...": the sentence's subject pledged
            actors = [a for a in actors if a.start > cand.cue.start]
            subjects = [a for a in f.actors if a.start < window[0] and usable(a, s.text)][:2]
        for role in assign(d.type, s.text, cand.cue.start, cand.cue.end, cand.passive, actors):
            self._add_role(d, role, states.get(role.start))
        if fam == "Attack" and _BY_ITS.search(s.text):
            # "a fire broke out ... after an attack by its drones": the subject's own attack
            subjects = [a for a in f.actors if a.start < cand.cue.start and usable(a, s.text)][:1]
            for r in d.roles:
                if subjects and r.entry.name == subjects[0].entry.name:
                    r.role = AGENT_ROLE[d.type]
        for a in subjects:
            self._add_role(d, Role(a.entry, AGENT_ROLE[d.type], a.start), a.state)
        if fam == "Sanctions" and not d.has_role("target"):
            # "sanctions on 2,000 Russian individuals", "on 13 entities in Russia": Russia's
            imposers = d.agent_states("imposer")
            reason = _REASON.search(s.text, cand.cue.end)
            for a in f.actors:
                if (
                    a.start > cand.cue.start
                    and (reason is None or a.start < reason.start())
                    and getattr(a.entry, "kind", None) == "State"
                    and a.entry.name not in imposers
                ):
                    d.add_role(Role(a.entry, "target", a.start))
                    break
        if speaker is not None and fam == "Condemnation":
            self._add_role(d, Role(speaker, "critic", -1))
        if fam in ("Attack", "MilitaryAid", "Interception", "Condemnation", "Sanctions"):
            if fam == "Interception":
                for g in _downed(f.equipment, cand.cue.start):
                    d.add_gear(g)
            else:
                reason = _REASON.search(s.text, cand.cue.end) if fam == "Sanctions" else None
                for e in f.equipment:
                    if reason is not None and e.start >= reason.start():
                        continue  # "sanctions in response to Moscow's missile attacks": the reason's
                    if not (fam == "Attack" and e.target and generic(e.entry)):  # a hit "patrol boat"
                        d.add_gear(Gear(e.entry, e.quantity, origin=e.origin, definite=e.definite))
        if fam == "Attack" and (
            _NATIONWIDE.search(s.text)
            or (
                _LAUNCH.search(s.text)
                and any(
                    (e.quantity or 0) > 1
                    for e in f.equipment
                    if getattr(e.entry, "category", None) in ("Missile", "Drone")
                )
            )
        ):
            d.wave = True
        d.series = bool(_SERIES.search(s.text))
        if fam == "Interception" and f.casualties:
            # "air defences destroyed 17 drones and no one was hurt": the victims of the strike;
            # "nine drones were shot down over Kyiv and no one was hurt", told after a strike on
            # another town (or none), hurt no one in Kyiv: the interception's own figures
            strike = next((x for x in reversed(self.drafts) if x.family == "Attack"), None)
            if strike is not None and not _elsewhere(strike, d):
                probe = Draft(type=strike.type, update=strike.update)
                add_casualties(probe, f)
                strike.set_casualties(probe)
            elif all(c.count == 0 for c in f.casualties):
                add_casualties(d, f)
        if fam in ("Attack", "ArmedClash"):
            add_casualties(d, f)
            m = _COUNTED_TARGET.search(s.text)
            if m:
                d.target_count = parse_number(m.group(1))
        ref = f.date()
        d.set_date(ref, explicit=ref is not None)
        sources = [r for r in d.roles if r.role == "source"]
        d.source = sources[0].entry if sources else None
        return d

    def _jurisdiction(self, d: Draft, f: SentenceFacts) -> None:
        """A strike told by a mayor or governor without a place ("Kyiv Mayor Vitali Klitschko
        said three people were injured by falling debris") is in their city or region."""
        for a in f.actors:
            place = self._office(getattr(a.entry, "title", "") or "")
            if place is not None:
                d.office_place = place
                return

    def _office(self, title: str):
        """The city of a mayor, the region of a governor ("Mayor of Kyiv", "Kharkiv governor",
        "head of Sumy Regional Military Administration"), or None."""
        m = _OFFICE.match(title)
        if m is not None:
            kind, name = m.group(1).lower(), m.group(2)
        else:
            m = _OFFICE_AFTER.search(title)
            if m is None:
                return None
            name, kind = m.group(1), m.group(2).lower()
        place = self.gaz.region(name) if kind in ("governor", "head", "regional", "oblast") else None
        if place is None and kind not in ("regional", "oblast"):
            towns = [c for c in self.gaz.places.lookup(name) if c.kind == "settlement"]
            place = towns[0] if towns else None
        return place

    def author(self, drafts: list[Draft], author: str | None) -> None:
        """A post headed with who posted it ("16:14 | Vitali Klitschko", "09:10 | Oleh
        Syniehubov, head of Kharkiv Regional Military Administration"): the official is the
        source of what it tells, and a strike it tells with no place is in their city or region."""
        if not author:
            return
        person = next((m.entry for m in self.gaz.find_actors(author)
                       if getattr(m.entry, "kind", None) == "Person"), None)
        place = self._office(author)
        if place is None and person is not None:
            place = self._office(getattr(person, "title", "") or "")
        for d in drafts:
            if d.source is None and person is not None:
                d.source = person
            if d.office_place is None and place is not None:
                d.office_place = place

    def _type(self, cand: Candidate, s: Sentence, f: SentenceFacts) -> str:
        if cand.type != "Attack":
            return cand.type
        text = s.text
        spans = described(text)
        for e in f.equipment:
            if e.target:  # "drones hit the air base, damaging two Su-34 bombers": a drone strike
                kind = re.match(r"[\s-]*[a-z-]+", text[e.end :])
                spans.append((e.start, e.end + (kind.end() if kind else 0)))
        for a, b in spans:
            text = text[:a] + " " * (b - a) + text[b:]
        used = [e for e in f.equipment if not e.target]
        subject = [e for e in used if e.end <= cand.cue.start]
        if subject and cand.cue.verbal:  # "its drones hit 41 aircraft, including Tu-95 bombers"
            used, text = subject, text[: cand.cue.end]
        return attack_subtype(text, [getattr(e.entry, "category", "") or "" for e in used])

    def _add_role(self, d: Draft, role: Role, state=None) -> None:
        """Add an actor; a person or an agency also stands for its state ("Zelenskiy" is
        Ukraine's act), and people are kept themselves only where they take part in person."""
        entry = role.entry
        kind = getattr(entry, "kind", None)
        if kind == "Person" and d.family not in NO_PERSONS:
            d.add_role(role)
        elif kind != "Person":
            d.add_role(role)
        if kind in ("Person", "ArmedForce", "Organisation", "Company"):
            state = state or self._affiliation(entry)
            if state is not None and getattr(state, "kind", None) == "State":
                d.states[entry.name] = state.name
                if role.role != "source":
                    d.add_role(Role(state, role.role, role.start))
            elif state is not None and role.role != "source":
                d.add_role(Role(state, role.role, role.start))  # a UN office acts for the UN

    def _affiliation(self, entry):
        name = getattr(entry, "affiliation", None)
        if not name:
            return None
        found = self.gaz.actor(name)
        return found

def _no_one_hurt(f: SentenceFacts) -> bool:
    """Whether a sentence only says that nobody was killed or hurt."""
    return bool(f.casualties) and all(c.count == 0 for c in f.casualties)


def _downed(equipment: list, cue_start: int) -> list[Gear]:
    """What an interception destroyed: "shot down six Kinzhal missiles" is six destroyed; in
    "attacked with 10 missiles and 81 Shaheds; air defences downed five missiles and 60
    drones" the counts before the cue are the launch and those after it what was downed."""
    before = [e for e in equipment if e.end <= cue_start and e.quantity is not None]
    after = [e for e in equipment if e.start >= cue_start]
    if not before or not after:
        return [Gear(e.entry, e.launched, e.quantity, e.all_of) for e in equipment]
    out = []
    for e in after:
        cat = getattr(e.entry, "category", None)
        launch = next((b for b in before if getattr(b.entry, "category", None) == cat), None)
        if launch is None:
            out.append(Gear(e.entry, e.launched, e.quantity, e.all_of))
            continue
        entry = launch.entry if generic(e.entry) else e.entry
        destroyed = launch.quantity if e.all_of else e.quantity
        out.append(Gear(entry, launch.quantity, destroyed))
    return out


def _elsewhere(strike: Draft, interception: Draft) -> bool:
    """Whether an interception told with its places is over other places than a strike's."""
    mine = [p for p in interception.places if p.kind != "country"]
    theirs = [p for p in strike.places if p.kind != "country"]
    return bool(mine and theirs) and not any(
        a.name == b.name or contains(a, b) or contains(b, a) for a in mine for b in theirs
    )


_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_TO_OR_IN = re.compile(r"\s(?:to|in)$", re.IGNORECASE)


def _not_visited(text: str, cue, place, places) -> bool:
    """A place a visit is not at: where the visitors came from ("came by train from Poland"), or a
    place named before the trip's verb whose destination follows it ("London: Rishi Sunak travelled
    unannounced to Kyiv")."""
    if _FROM.search(text[max(0, place.start - 12) : place.start]):
        return True
    if place.start < cue.start and cue.verbal and _TO_OR_IN.search(cue.text):
        return any(p is not place and p.entry is not None and 0 <= p.start - cue.end <= 5 for p in places)
    return False


def _toll_only(found: list[Candidate], f: SentenceFacts) -> bool:
    """A sentence cued by nothing but a casualty figure, with no place or weapon of its own."""
    if len(found) != 1 or found[0].type != "Attack" or found[0].cue.verbal:
        return False
    if any(not p.reference_only for p in f.places) or f.equipment:
        return False
    return any(c.start == found[0].cue.start for c in f.casualties)


def _window(cand: Candidate, found: list[Candidate], length: int) -> tuple[int, int]:
    """The part of a sentence that speaks of one candidate: up to the cue of another kind of
    event before or after it ("... stay in Tallinn ... and Estonia's pledge of aid to Kyiv")."""
    start, end = 0, length
    for other in found:
        if family(other.type) == family(cand.type):
            continue
        if other.cue.end <= cand.cue.start:
            start = max(start, other.cue.end)
        elif other.cue.start >= cand.cue.end:
            end = min(end, other.cue.start)
    return start, end
