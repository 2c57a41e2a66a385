"""The text level of extraction: what a text's own words say, before any gazetteer.

Sentences with page offsets and quotations marked (:mod:`.sentences`), counts in words or
figures (:mod:`.numbers`), dates resolved against the page's day (:mod:`.dates`), and the cues
that signal each kind of event (:mod:`.cues`). Pure functions over strings; every other level
reads these.
"""
