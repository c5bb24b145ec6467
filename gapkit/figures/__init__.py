"""Figures: a typed request in, a table with its definition and provenance out; one module and spec per figure."""
