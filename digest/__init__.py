"""Arabic news digest: ingest saved articles and feeds, build a weekly digest site with Pelican."""

__version__ = "0.1.0"
