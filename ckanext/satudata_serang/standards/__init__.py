"""Standar struktur data: reusable Table Schemas the walidata publishes, attached to
datasets and resources, and the validation of uploaded tables against them.

Pure (no CKAN): ``schema`` (a standard's Table Schema, code lists), ``messages`` and
``report`` (frictionless results in Indonesian), ``check`` (running frictionless on
a local file), ``rule`` (what the completeness check needs). Glue: ``models``,
``registry`` (versions), ``validation`` (records, hooks, the worker's job),
``actions``, ``auth``, ``helpers``, ``views``, ``cli``.
"""
