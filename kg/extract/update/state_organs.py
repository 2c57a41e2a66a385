"""Organs of a state in an event: who acts, and who only reports.

A state's armed forces, ministries, general staff, air force and navy act and speak for the
state: "Russian forces shelled Kherson" and "Russia's Defence Ministry said its forces
captured Khromove" are Russia's acts, and the organ adds nothing beside its state. Special
services are different: when Ukraine's military intelligence or security service speaks of a
strike, it claims its own operation, so it is an actor of the event, as the agent.

A state that only reports ("the Russian-installed mayor said", "Ukraine's General Staff
said") and a media outlet that was told are not parties to the event; the record keeps who
made the claim.
"""

from __future__ import annotations

from kg.extract.sentence.roles import AGENT_ROLE
from kg.extract.update.drafts import Draft

OPERATORS = frozenset(
    {
        "Main Directorate of Intelligence",
        "Security Service of Ukraine",
        "Special Operations Forces of Ukraine",
        "Unmanned Systems Forces",
        "Federal Security Service",
        "Main Intelligence Directorate of Russia",
    }
)
"""Services that carry out the strikes and raids they announce."""
_ORGANS = ("ArmedForce", "Organisation", "Company")


def fold_organs(drafts: list[Draft]) -> None:
    """Keep a state's organs out of an event where the state itself is in it, and reporters
    out of the events they report; special services that claim an operation are its agents."""
    for d in drafts:
        states = {r.entry.name for r in d.roles if getattr(r.entry, "kind", None) == "State"}
        kept = []
        for r in d.roles:
            kind = getattr(r.entry, "kind", None)
            if kind == "State" and r.role == "source" and len(d.roles) > 1:
                continue  # "Ukraine's General Staff said": the claim's maker, not a party to it
            if kind not in _ORGANS:
                kept.append(r)
                continue
            state = d.states.get(r.entry.name) or getattr(r.entry, "affiliation", None)
            if r.entry.name in OPERATORS:
                if r.role == "source" and d.family == "Attack" and state in d.agent_states("attacker"):
                    r.role = AGENT_ROLE.get(d.type, r.role)
                kept.append(r)
            elif r.role == "source":
                if kind == "Company" and state not in states:
                    continue  # a newspaper told of the strike
                if state not in states:
                    kept.append(r)
            elif state not in states or kind == "Company":
                kept.append(r)  # an organ acting where its state is not named; a company hit
        d.roles = kept
