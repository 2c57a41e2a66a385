"""Summary text that repeats stories the page tells in full.

A page's headline, the items of a "Key points" or "What we know so far" block and the title
line of a post ("Kherson: man killed by drone") sum up stories told in full elsewhere on the
page. An event read only from such lines (``Draft.summary``) is the fuller event it sums up
when the page has one that is compatible with it:

- the same family, and for strikes the same kind or one that does not say its means;
- its places overlap or hold the fuller event's (a region holds the town, a regional
  capital named bare stands for its region); one with no place fits a fuller one in its
  country only where nothing else fits;
- dates, attackers and agents (donor, visitor, signatory, imposer) that do not disagree;
- no figure that disagrees.

It is then merged into the fuller event, which keeps its evidence and its own figures, and
takes the summary's figures and day only where it has none. A summary that names several
towns and whose towns are each a fuller event ("Three killed as shelling hits A and B") is a
recap of them. A summary with no fuller twin is kept: on a page whose key developments are
the news, they are the events.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from kg.extract.update.drafts import Draft, contains, dates_agree, tell_also

_AGENTS = {
    "DiplomaticVisit": "visitor", "MilitaryAid": "donor", "Agreement": "signatory", "Sanctions": "imposer"
}


def _specific(d: Draft) -> list:
    return [p for p in d.places if p.kind != "country"]


def _places_fit(summary: Draft, full: Draft) -> bool:
    mine = _specific(summary)
    if not mine:
        countries = {p.name for p in summary.places if p.kind == "country"}
        theirs = {p.name if p.kind == "country" else p.country for p in full.places}
        return not countries or not full.places or bool(countries & theirs)
    if not full.places:
        return summary.family not in ("Attack", "TerritoryChange", "ArmedClash")
    return all(any(_holds(p, q) or _holds(q, p) for q in full.places) for p in mine)


_PENINSULA = frozenset({"Crimea", "Sevastopol City", "Sevastopol"})
"""Sevastopol is a region of its own in the gazetteer, but lies in Crimea."""


def _holds(area, place) -> bool:
    if area.name in _PENINSULA and (place.name in _PENINSULA or place.admin1 in _PENINSULA):
        return True
    return contains(area, place)


def _figures_fit(summary: Draft, full: Draft) -> bool:
    for kind in ("killed", "injured"):
        x, y = getattr(summary, kind), getattr(full, kind)
        if x is not None and y is not None and x != y:
            if not (getattr(summary, f"{kind}_at_least") and x <= y):
                return False
    return True


def _named_attackers(d: Draft) -> set[str]:
    """Attackers the text names, not the default a side gets (no side strikes its own land)."""
    own = {p.name if p.kind == "country" else p.country for p in d.places}
    return {r.entry.name for r in d.roles if r.role == "attacker" and r.start >= 0} - own


def _agents_fit(summary: Draft, full: Draft) -> bool:
    x, y = _named_attackers(summary), _named_attackers(full)
    if x and y and not x & y:
        return False
    role = _AGENTS.get(summary.family)
    if role:
        x, y = summary.agent_states(role), full.agent_states(role)
        if x and y and not x & y:
            return False
    return True


def _gear_fits(summary: Draft, full: Draft) -> bool:
    mine = {getattr(g.entry, "category", None) for g in summary.gear.values()}
    theirs = {getattr(g.entry, "category", None) for g in full.gear.values()}
    return not mine or not theirs or bool(mine & theirs)


def sums_up(summary: Draft, full: Draft, figures: bool = True) -> bool:
    """Whether a summary-only event may be the fuller event told elsewhere on the page."""
    if summary.family != full.family:
        return False
    if summary.type != full.type and "Attack" not in (summary.type, full.type) and summary.family == "Attack":
        return False
    return (  # the cheaper tests first
        dates_agree(summary, full)
        and (not figures or _figures_fit(summary, full))
        and _gear_fits(summary, full)
        and _places_fit(summary, full)
        and _agents_fit(summary, full)
    )


def _absorb(full: Draft, summary: Draft) -> None:
    """The fuller event keeps its evidence and figures; it takes what only the summary says.
    A summary in another update (a key point) is noted as telling it too."""
    if summary.update != full.update:
        tell_also(full, summary)
    for kind in ("killed", "injured"):
        if getattr(full, kind) is None and getattr(summary, kind) is not None:
            setattr(full, kind, getattr(summary, kind))
            setattr(full, f"{kind}_at_least", getattr(summary, f"{kind}_at_least"))
    if not full.places and summary.update == full.update:
        full.places = list(summary.places)
    if summary.date_explicit and not full.date_explicit:
        full.set_date(summary.date, True)
    if not full.has_role("attacker"):
        for r in summary.roles:
            if r.role == "attacker":
                full.add_role(r)


def _start(d: Draft) -> int:
    return min(s for s, _, _ in d.spans)


def _first_after(summary: Draft, fuller: list[Draft], same_update: bool = False) -> Draft | None:
    """The first of ``fuller`` (a family's events, in page order) told after ``summary``
    begins; with ``same_update``, of its own update only."""
    start = _start(summary)
    at = bisect.bisect_right(fuller, start, key=_start)
    for f in fuller[at:]:
        if not same_update or f.update == summary.update:
            return f
    return None


def _post_below(summary: Draft, fuller: list[Draft]) -> Draft | None:
    """The first event of its kind told in the post a title line heads, where nothing disagrees;
    one told with no place of its own is at the place the title names ("Kherson: man killed by
    drone" above "Russian troops dropped explosives on a man in the Korabelnyi district")."""
    full = _first_after(summary, fuller, same_update=True)
    if full is None:
        return None
    if full.places and not _places_fit(summary, full):
        return None
    return full if sums_up(summary, replace(full, places=full.places or summary.places)) else None


def _twin(summary: Draft, fuller: list[Draft]) -> list[Draft]:
    """The fuller events a summary sums up: one, several for a recap, none where it is unclear.
    ``fuller`` are the page's fuller events of the summary's family, in page order."""
    own = _post_below(summary, fuller)
    if own is not None:
        return [own]
    fits = [f for f in fuller if sums_up(summary, f)]
    names = {p.name for p in _specific(summary)}
    if len(fits) == 1:
        return fits
    if len(names) > 1:  # a recap of several towns, each told in full
        covered = [f for f in fuller if names & f.place_names() and sums_up(summary, f, figures=False)]
        if all(any(n in f.place_names() for f in covered) for n in names):
            total = {k: sum(getattr(f, k) or 0 for f in covered) for k in ("killed", "injured")}
            if all(getattr(summary, k) in (None, total[k]) for k in total):
                return covered
    same = [f for f in fits if names and names <= f.place_names()]
    if len(same) == 1:
        return same
    told = [(k, getattr(summary, k)) for k in ("killed", "injured") if getattr(summary, k) is not None]
    counted = [f for f in same or fits if told and all(getattr(f, k) == v for k, v in told)]
    if len(counted) == 1:  # "two wounded in A" above the post that counts them
        return counted
    # a title line above its post: the first event of its kind told after it
    after = _first_after(summary, fuller)
    if after is not None and after in fits:
        return [after]
    if fits and not names and summary.killed is None and summary.injured is None:
        return fits  # "Strikes in Russia" above the strikes it heads
    return []


def merge_summaries(per_update: list[list[Draft]]) -> None:
    """Merge each summary-only event of a page into the fuller event it sums up (see above)."""
    # every twin is of the summary's family: each summary is compared with its family's only
    fuller: dict[str, list[Draft]] = {}
    for drafts in per_update:
        for d in drafts:
            if not d.summary:
                fuller.setdefault(d.family, []).append(d)
    for family_drafts in fuller.values():
        family_drafts.sort(key=_start)
    for drafts in per_update:
        for s in [d for d in drafts if d.summary]:
            twins = _twin(s, fuller.get(s.family, []))
            if len(twins) == 1:
                _absorb(twins[0], s)
            if twins:
                drafts.remove(s)
