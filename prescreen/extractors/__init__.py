"""Fact extraction: rule resources, value parsers, mentions and their aggregation into facts."""
