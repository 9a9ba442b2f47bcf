"""The sources: the figures taken from the source articles, and the extractor of figures from
news text."""
