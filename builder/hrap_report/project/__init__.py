"""A report project folder: its `hrap.toml`, `init` scaffolding and template copies."""
