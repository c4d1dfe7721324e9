"""Annotated corpora: the gold format, its loader and validation, metrics and the evaluation harness."""
