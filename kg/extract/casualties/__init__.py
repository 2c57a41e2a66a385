"""Casualty figures of one sentence: who was killed or injured, how many, civilians or not.

:func:`kg.extract.casualties.figures.find_casualties` reads the grammar of casualty reports
(object and subject counts, tolls, bodies, negations, wounds) with the victim vocabulary of
:mod:`.victims`, figures joined by "and" (:mod:`.joined`) and wounds told without a casualty
verb (:mod:`.wounds`). It needs only the text level.
"""
