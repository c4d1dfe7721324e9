"""Batch annotation: many notes in, mentions and facts out in JSONL, brat, spaCy, Label Studio, CSV, Parquet.

``annotate_batch`` runs the pipeline over folders, JSONL/JSON, CSV or Parquet inputs with a pool of
worker processes, resumably; ``convert`` turns corrected brat or Label Studio annotations into the
corpus format; ``prescreen.annotate.spark`` applies the pipeline to a Spark DataFrame.
"""

from prescreen.annotate.batch import AnnotateSummary, BatchInterrupted, annotate_batch
from prescreen.annotate.convert import ConvertSummary, convert
from prescreen.annotate.formats import FORMATS
from prescreen.annotate.inputs import InputOptions

__all__ = [
    "FORMATS",
    "AnnotateSummary",
    "BatchInterrupted",
    "ConvertSummary",
    "InputOptions",
    "annotate_batch",
    "convert",
]
