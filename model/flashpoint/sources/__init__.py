"""The sources: the figures of the source articles, and the extractor of figures from news."""
