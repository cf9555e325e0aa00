"""Benchmarks: a deterministic Arabic corpus, timed builds and ingestion (`invoke bench`)."""
