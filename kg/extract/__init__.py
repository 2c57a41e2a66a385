"""Extraction: from a page's updates to event records, by level (no RDF here).

Entry point: :func:`kg.extract.document.extract_document`. Each level reads only the ones
below it, so a rule lives at the level of text it needs to see.

- ``text/``: a text's own words, with no gazetteer: sentences with page offsets and quotations
  marked, counts, dates against the page's day, and the cues that signal each kind of event.
- ``casualties/``: who was killed or injured in one sentence, read over the grammar of
  casualty reports rather than set phrases.
- ``sentence/``: all one sentence names (places, actors, equipment, figures, dates), which
  names are places of its events, its candidate events, and who did what to whom.
- ``update/``: an update's sentences gathered into drafts, one per occasion (a sentence that
  tells one strike per place is as many), then settled as a whole: summaries and recaps,
  defaults for attackers and dates, state organs, weapons and their origin.
- ``document.py``: events merged across a page's updates, and records with their evidence
  and confidence.
"""
