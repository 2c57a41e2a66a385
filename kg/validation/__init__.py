"""Validation: the SHACL shapes over a batch or a store, and the whole-store checks.

:mod:`~kg.validation.shape_model` reads ``shapes/`` once; :mod:`~kg.validation.shapes` runs
pySHACL (the reference, with violations told in human terms) and
:mod:`~kg.validation.compiled` the same shapes as SPARQL inside Oxigraph;
:mod:`~kg.validation.store_checks` runs ``queries/checks/``. Nothing here imports the layers
that use it (ingest, ops, commands).
"""
