"""Extraction: from an update's text to event records (no RDF here).

Entry point: :func:`kg.extract.document.extract_document`. The rooms, in the order a page
goes through them:

- ``sentences``: an update's sentences with page offsets, quotations and bullets marked;
- ``gazetteer`` (with ``places``, ``actors``, ``equipment``): the names a text uses, from the
  gazetteers shipped in ``kg/data/``; ``dates`` and ``numbers``: dates against the page's
  day, casualty figures; ``mentions``: all of it for one sentence;
- ``cues`` and ``candidates``: which kinds of event a sentence reports;
- ``roles``: who did what to whom, from the grammar around the cue;
- ``drafts`` and ``assemble``: events gathered per occasion across an update's sentences;
- ``settle``: what the update says as a whole (summaries, defaults, interceptions);
- ``document``: events merged across updates, and records with evidence and confidence.
"""
