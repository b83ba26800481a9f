"""Serving: the queries, stats and exports every adapter (CLI, API, web) shares."""
