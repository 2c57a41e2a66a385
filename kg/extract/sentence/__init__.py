"""The sentence level of extraction: what one sentence names and which events it tells.

:mod:`.mentions` gathers a sentence's places, actors, equipment, casualties and dates;
:mod:`.places` decides which names are places of its events; :mod:`.candidates` which kinds of
event it reports; :mod:`.roles` reads who did what to whom from the grammar around the cue.
"""
