"""SDI metadata rules as pure functions (no CKAN): values, cross-field checks, and the
next update due. ``logic/validators.py`` wraps them for CKAN."""
