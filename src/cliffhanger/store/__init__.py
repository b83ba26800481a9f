"""Storage: engine and migrations, schema, and the repository that returns `model` objects."""
