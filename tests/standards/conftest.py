"""Fixtures of the standards tests (the hooks that queue checks are the plugin's own:
after_dataset_create/after_dataset_update)."""
