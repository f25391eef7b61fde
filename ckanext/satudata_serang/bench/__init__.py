"""`make bench-search`: synthetic datasets, bulk loading and search timings.

``generate`` is pure (seeded, no CKAN); ``load`` and ``measure`` are the CKAN glue run
inside `ckan satudata bench …`; ``runtime/bench.py`` orchestrates the whole run.
"""
