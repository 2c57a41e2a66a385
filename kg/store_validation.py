"""Whole-store validation: the shapes over everything stored.

The store is read back into memory as N-Quads and validated with the same shapes as every
batch, so a store written by another tool (or by hand) is held to the same rules.
"""
from __future__ import annotations

import io

import rdflib

from kg.store import Store
from kg.validate import ValidationReport, validate_graph


def store_dataset(store: Store) -> rdflib.Dataset:
    """Read everything a store holds into an in-memory rdflib dataset."""
    buffer = io.BytesIO()
    store.dump("nquads", buffer)
    dataset = rdflib.Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return dataset


def validate_store(store: Store) -> tuple[ValidationReport, rdflib.Dataset]:
    """Validate everything a store holds; returns the report and the data it judged."""
    dataset = store_dataset(store)
    return validate_graph(dataset), dataset
