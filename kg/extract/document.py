"""Extraction of a whole page: updates → events, one event per occasion across the page.

Entry point: :func:`extract_document`. Each update is read on its own
(:mod:`kg.extract.update.assemble`, :mod:`kg.extract.update.settle`); then events that two updates report
(same kind, date and place, e.g. a visit in Tallinn and "talks in Estonia" the same day)
become one, kept in the update that first reports it (the oldest), which names the others
with their words (``also_reported``); and drafts become records with their evidence spans and
a confidence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.extract.text.dates import DateRef
from kg.extract.text.sentences import split_update
from kg.extract.update.assemble import UpdateReader
from kg.extract.update.drafts import Draft, merge
from kg.extract.update.recaps import merge_summaries
from kg.extract.update.settle import settle_update
from kg.extract.update.weapon_origin import identify_systems
from kg.extract.update.weapons import settle_gear
from kg.gazetteer.lookup import Gazetteer
from kg.records import Actor, AlsoReported, Document, Equipment, EventRecord, Evidence, Update

_SAME_DAY = re.compile(
    r"\b(?:overnight|this morning|today|tonight|early[- ]morning|last night)\b", re.IGNORECASE
)
ORIGINAL = "ORIGINAL ENTRY"
_COMMENTARY = re.compile(
    r"\s*(?:analysis|explainer|comment|opinion|fact[- ]check)\s*[:|\u2013\u2014-]", re.IGNORECASE
)
"""A post titled "Analysis: ...", "Explainer: ..." weighs what happened and what may come; the
events it names are reported in the news posts, so it reports none of its own."""


def extract_document(doc: Document, gaz: Gazetteer | None = None) -> Document:
    """Fill the ``events`` of every update of a page; returns the same document.

    Args:
        doc: a document read by :mod:`kg.sources.liveblog` (updates with text and offsets).
        gaz: the gazetteer (default: the shipped one, loaded once).
    """
    gaz = gaz or Gazetteer.load()
    page_date = _parse(doc.published)
    per_update: list[list[Draft]] = []
    for i, update in enumerate(doc.updates):
        if _COMMENTARY.match(update.text):
            per_update.append([])
            continue
        sentences = split_update(update)
        reader = UpdateReader(gaz, page_date, i)
        drafts = reader.read(sentences)
        reader.author(drafts, update.author)
        drafts = settle_update(drafts, gaz)
        identify_systems(drafts, reader.facts)
        drafts = [d for d in drafts if not _background(d, page_date)]
        _default_dates(drafts, update, page_date)
        per_update.append(drafts)
    merge_summaries(per_update)
    _merge_across_updates(per_update)
    for drafts in per_update:
        for d in drafts:
            settle_gear(d, gaz)
    for update, drafts in zip(doc.updates, per_update, strict=False):
        update.events = [to_record(d, update, doc.updates) for d in drafts]
    return doc


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


BACKGROUND_DAYS = 365
BACKGROUND_MONTH_DAYS = 45
"""A live blog reports the news of its day and the days before it. An occasion the text dates
well before the page is background, not an event of the page: a day more than a year back, a
month that ended more than six weeks before ("Russian forces captured Bakhmut last May", "the
battle for the town began in October"), a year before last ("seized Crimea in 2014")."""


def _background(d: Draft, page_date: date | None) -> bool:
    if page_date is None or d.date is None or not d.date_explicit:
        return False
    ref = d.date
    if ref.precision == "year":  # "last year" may only compare ("ten times as many as last year")
        return ref.date.year < page_date.year - 1
    if ref.precision == "month":
        last = date(ref.date.year + ref.date.month // 12, ref.date.month % 12 + 1, 1) - timedelta(days=1)
        return (page_date - last).days > BACKGROUND_MONTH_DAYS
    return (page_date - ref.date).days > BACKGROUND_DAYS


def _default_dates(drafts: list[Draft], update, page_date: date | None) -> None:
    """Undated events take the update's day; the first entry of a live blog, written at the
    start of the day, reports the day before unless it says overnight or today."""
    day = page_date
    if update.timestamp:
        day = _parse(update.timestamp[:10]) or day
    if day is None:
        return
    for d in drafts:
        if d.date is not None:
            continue
        text = " ".join(t for _, _, t in d.spans)
        if update.heading.upper().startswith(ORIGINAL) and not _SAME_DAY.search(text):
            d.date, d.date_explicit = DateRef(day - timedelta(days=1), "day"), False
        else:
            d.date, d.date_explicit = DateRef(day, "day"), False


def _same_occasion(a: Draft, b: Draft) -> bool:
    if a.type != b.type and not (a.family == b.family == "Attack"):
        return False
    if a.date is None or b.date is None or a.date.date != b.date.date:
        return False
    if a.family == "Interception" and not a.places and not b.places:
        return _same_weapons(a, b)
    if not a.places or not b.places:
        return False
    names_a, names_b = a.place_names(), b.place_names()
    specific = lambda d: {p.name for p in d.places if p.kind not in ("region", "country")}  # noqa: E731
    if a.family == "Attack":
        sa, sb = specific(a), specific(b)
        if bool(sa) != bool(sb):
            return _recap_of(b if sa else a, a if sa else b)
        return bool(sa and sb and sa == sb)
    if a.family == "Interception" and bool(specific(a)) != bool(specific(b)):
        return False  # a city's air defence, told by its mayor, is not the nationwide tally
    if a.family in ("TerritoryChange", "ArmedClash"):
        return bool(specific(a) & specific(b))  # two villages of one oblast are two captures
    countries_a = {p.name if p.kind == "country" else p.country for p in a.places}
    countries_b = {p.name if p.kind == "country" else p.country for p in b.places}
    meet = names_a & names_b or (countries_a == countries_b and None not in countries_a)
    if not meet:
        return False
    agents = {"DiplomaticVisit": "visitor", "MilitaryAid": "donor", "Agreement": "signatory"}
    role = agents.get(a.family)
    if role:
        x, y = a.actor_names(role), b.actor_names(role)
        return bool(x & y)
    return True


def _recap_of(vague: Draft, told: Draft) -> bool:
    """ "Kyiv says its drones hit a chemical plant in Russia's Tula region" in a recap, and the
    post that names the town: the same strike when it is the same kind, by the same attacker,
    in a region of the town, with no figure that disagrees."""
    if vague.type != told.type or not vague.regions() or not vague.regions() <= told.regions():
        return False
    attackers = vague.actor_names("attacker")
    if not attackers or attackers != told.actor_names("attacker"):
        return False
    for field in ("killed", "injured"):
        x, y = getattr(vague, field), getattr(told, field)
        if x is not None and x != y:
            return False
    return True


def _same_weapons(a: Draft, b: Draft) -> bool:
    """Two reports of one day's interceptions with no place (a key-developments line and the
    update that tells it): the same weapons, and no figure that disagrees."""
    shared = set(a.gear) & set(b.gear)
    if not shared:
        return False
    for name in shared:
        x, y = a.gear[name].destroyed, b.gear[name].destroyed
        if x is not None and y is not None and x != y:
            return False
    return True


def _merge_across_updates(per_update: list[list[Draft]]) -> None:
    buckets: dict[tuple, list[tuple[int, Draft]]] = {}
    for ui in range(len(per_update) - 1, -1, -1):
        for d in per_update[ui]:
            key = (d.family, d.date.date if d.date else None)
            buckets.setdefault(key, []).append((ui, d))
    for flat in buckets.values():
        _merge_bucket(per_update, flat)


def _merge_bucket(per_update: list[list[Draft]], flat: list[tuple[int, Draft]]) -> None:
    """Merge the drafts of one family and day that report the same occasion."""
    for i, (ui, keep) in enumerate(flat):
        if keep not in per_update[ui]:
            continue
        for uj, other in flat[i + 1 :]:
            if uj == ui or other not in per_update[uj]:
                continue
            if _same_occasion(keep, other):
                specific_first = sorted(other.places + keep.places, key=lambda p: p.kind == "country")
                merge(keep, other)
                keep.places = []
                for p in specific_first:
                    keep.add_place(p)
                per_update[uj].remove(other)


def _confidence(d: Draft) -> float:
    score = 0.5
    score += 0.15 if d.verbal else 0.0
    score += 0.1 if d.places else 0.0
    score += 0.1 if d.roles else 0.0
    score += 0.1 if d.date_explicit else 0.0
    score -= 0.15 if d.quoted else 0.0
    return round(max(0.05, min(0.95, score)), 2)


def _evidence(spans: list[tuple[int, int, str]], update) -> Evidence:
    """The page's words from the first to the last sentence of the event in one update."""
    start = min(s for s, _, _ in spans)
    end = max(e for _, e, _ in spans)
    base = update.start or 0
    if update.text and 0 <= start - base <= end - base <= len(update.text):
        text = update.text[start - base : end - base]
    else:
        text = " ".join(t for _, _, t in sorted(set(spans)))
    return Evidence(text=text, start=start, end=end)


def _also_reported(d: Draft, updates: list[Update] | None) -> list[AlsoReported]:
    """The other updates that tell the event, in page order, each with its words there."""
    if not updates:
        return []
    out = []
    for n in sorted(d.told_also):
        spans = d.told_also[n]
        if spans and 0 <= n < len(updates):
            u = updates[n]
            out.append(AlsoReported(update=n, heading=u.heading, timestamp=u.timestamp,
                                    evidence=_evidence(spans, u)))
    return out


PLAUSIBLE = 100_000
"""No single event of this war has killed or injured more; a larger figure is a misreading
(a population, a sum of money) and is left out rather than stored."""


def _plausible(value: int | None) -> int | None:
    return value if value is None or value <= PLAUSIBLE else None


def _equipment(g) -> Equipment:
    quantity, destroyed = g.quantity, g.destroyed
    if quantity is not None and destroyed is not None and destroyed > quantity:
        quantity = None  # two reports disagree on the launch: keep the figure for what was downed
    return Equipment(
        name=g.entry.name, category=getattr(g.entry, "category", None), quantity=quantity, destroyed=destroyed
    )


def to_record(d: Draft, update, updates: list[Update] | None = None) -> EventRecord:
    """Turn a settled draft into an event record; ``updates`` (the page's) name the other
    updates that tell it (``also_reported``)."""
    seen: set[str] = set()
    actors = []
    for r in d.roles:
        name = r.entry.name
        if name in seen:
            continue
        seen.add(name)
        actors.append(
            Actor(
                name=name,
                kind=getattr(r.entry, "kind", None),
                role=r.role,
                affiliation=getattr(r.entry, "affiliation", None) or None,
            )
        )
    ordered, names = [], set()
    for p in sorted(
        d.places, key=lambda p: {"settlement": 0, "water": 0, "feature": 0, "region": 1}.get(p.kind, 2)
    ):
        if p.name not in names:
            names.add(p.name)
            ordered.append(p)
    killed, injured = _plausible(d.killed), _plausible(d.injured)
    return EventRecord(
        type=d.type,
        date=d.date.date.isoformat() if d.date else None,
        date_precision=d.date.precision if d.date else None,
        locations=[p.to_location() for p in ordered],
        actors=actors,
        equipment=[_equipment(g) for g in d.gear.values()],
        killed=killed,
        injured=injured,
        killed_at_least=d.killed_at_least and killed is not None,
        injured_at_least=d.injured_at_least and injured is not None,
        civilian=d.civilian,
        evidence=_evidence(d.spans, update),
        confidence=_confidence(d),
        claimed_by=d.source.name if d.source is not None else None,
        also_reported=_also_reported(d, updates),
    )
