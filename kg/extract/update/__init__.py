"""The update level of extraction: one update's sentences become settled events.

:mod:`.assemble` gathers cued sentences into drafts (:mod:`.drafts`), one per occasion, with the
sentences between elaborating them (:mod:`.elaborate`) against what the update names together
(:mod:`.context`), a sentence that tells one strike per place split into as many
(:mod:`.per_place`); :mod:`.settle` then reads the update as a whole (summaries, defaults,
interceptions), :mod:`.recaps` folds summary lines into the stories they sum up, and
:mod:`.state_organs`, :mod:`.weapons` and :mod:`.weapon_origin` settle who acted and with what.
"""
