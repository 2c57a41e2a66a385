"""Extraction: from an update's text to event records (no RDF here).

``kg.extract.gazetteer`` finds the places, actors and equipment a text names, using the
gazetteers shipped in ``kg/data/``; ``kg.extract.places``, ``kg.extract.actors`` and
``kg.extract.equipment`` hold their entries and matchers.
"""
