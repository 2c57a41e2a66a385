"""Extraction: from an update's text to event records (no RDF here).

Entry point: :func:`kg.extract.document.extract_document`. The rooms, in the order a page
goes through them:

- ``sentences``: an update's sentences with page offsets, quotations and bullets marked;
- ``gazetteer`` (with ``places``, ``actors``, ``equipment``): the names a text uses, from the
  gazetteers shipped in ``kg/data/``; ``dates``, ``numbers`` and ``casualties``: dates
  against the page's day, counts, casualty figures; ``mentions``: all of it for one sentence;
- ``cues`` and ``candidates``: which kinds of event a sentence reports;
- ``split``: a sentence that tells several strikes, one per place;
- ``roles``: who did what to whom, from the grammar around the cue; ``organs``: a state's
  organs folded into the state, reporters kept out of the events they report;
- ``drafts`` and ``assemble``: events gathered per occasion across an update's sentences;
- ``settle``: what the update says as a whole (summaries, defaults, interceptions);
  ``provenance``: a category named as a country's ("the North Korean munitions") is the
  system of that origin the update names;
- ``document``: events merged across updates, and records with evidence and confidence.
"""
