"""The gazetteers: the places, actors and equipment a text names, from files in ``kg/data/``.

:class:`kg.gazetteer.lookup.Gazetteer` is the facade extraction uses; :mod:`.phrases` is the
token and phrase-index toolkit beneath it, and :mod:`.places`, :mod:`.actors` and
:mod:`.equipment` hold each gazetteer's data and its resolution rules. No network at run time.
"""
