"""The project's own tables (SQLAlchemy 2 models); created by the plugin's migrations."""
