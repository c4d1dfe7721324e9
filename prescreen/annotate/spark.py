"""Annotating notes in a Spark DataFrame: ``mapInPandas``, one pipeline per executor Python process.

Needs the ``spark`` extra (pyspark, pandas, pyarrow)::

    from prescreen.annotate.spark import annotate_dataframe, facts_dataframe

    notes = spark.read.parquet("notes.parquet")              # columns id, text (and a date, optionally)
    mentions = annotate_dataframe(notes, id_col="id", text_col="text", date_col="date")
    facts = facts_dataframe(mentions)                          # note-level facts, facts.yaml precedence
    mentions.where("error_code IS NULL").groupBy("fact").count().show()

``mentions`` has the columns of the batch ``mentions`` table (``prescreen.annotate.formats.tables``)
plus ``error_code`` and ``error_message``: a note that cannot be processed (empty, too large, not
text) yields one row with its ``note_id`` and the coded error, and no mention columns. The pipeline
is built once per Python worker process and kept in a module global; executors need prescreen
installed (``PYSPARK_PYTHON`` pointing at an environment that has it). Note ids are not checked for
uniqueness across partitions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from prescreen.annotate.formats.tables import FACT_COLUMNS, MENTION_COLUMNS, mention_rows
from prescreen.annotate.inputs import UnitTask, note_task
from prescreen.annotate.pool import process_units, quiet_loguru
from prescreen.annotate.records import ErrorRecord, UnitRecord
from prescreen.contract import Evidence
from prescreen.errors import Errors, PrescreenError
from prescreen.extractors.aggregate import aggregate
from prescreen.extractors.mentions import Mention
from prescreen.pipeline.nlp import PipelineConfig, get_nlp

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType
    from spacy.language import Language

ERROR_COLUMNS: tuple[tuple[str, str], ...] = (("error_code", "string"), ("error_message", "string"))
_NLP: Language | None = None


def _require_spark() -> None:
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise PrescreenError(
            Errors.P035, feature="Spark annotation", package=exc.name or "pyspark", extra="spark"
        ) from None


def spark_schema(columns: tuple[tuple[str, str], ...]) -> StructType:
    """A Spark schema for table columns (``json`` columns are strings of JSON)."""
    from pyspark.sql.types import DateType, LongType, StringType, StructField, StructType

    types = {"string": StringType(), "json": StringType(), "int": LongType(), "date": DateType()}
    return StructType([StructField(name, types[kind], nullable=True) for name, kind in columns])


def pipeline(config_json: str | None = None) -> Language:
    """This Python process's pipeline, built on first use and cached in a module global."""
    global _NLP
    if _NLP is None:
        quiet_loguru()
        _NLP = get_nlp(PipelineConfig.model_validate_json(config_json) if config_json else None)
    return _NLP


def _frame(rows: list[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[c for c, _ in columns])
    for name, kind in columns:
        if kind == "int":
            frame[name] = frame[name].astype("Int64")
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def _record_rows(record: UnitRecord) -> list[dict[str, Any]]:
    rows = [{**row, "error_code": None, "error_message": None} for row in mention_rows(record)]
    for note in record.notes:
        if note.error is not None:
            rows.append(
                {
                    "note_id": note.id,
                    "note_date": note.date,
                    "error_code": note.error.code,
                    "error_message": note.error.message,
                }
            )
    if record.error is not None and not record.notes:
        rows.append({"error_code": record.error.code, "error_message": record.error.message})
    return rows


def annotate_rows(
    ids: list[Any], texts: list[Any], dates: list[Any], nlp: Language, batch_size: int = 16
) -> list[dict[str, Any]]:
    """Mention rows (and error rows) for notes given as columns; used by each Spark partition."""
    rows: list[dict[str, Any]] = []
    for begin in range(0, len(ids), batch_size):
        units = []
        for i in range(begin, min(begin + batch_size, len(ids))):
            where = f"row {i}"
            task = note_task(ids[i], texts[i], dates[i], where)
            if isinstance(task, ErrorRecord):
                units.append(UnitTask(key=f"input:{where}", kind="note", source=where, error=task))
            else:
                units.append(UnitTask(key=f"note:{task.id}", kind="note", notes=(task,), source=where))
        for data in process_units(units, nlp):
            rows.extend(_record_rows(UnitRecord.model_validate(data)))
    return rows


def _annotate_partition(
    id_col: str, text_col: str, date_col: str | None, config_json: str | None, frames: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    nlp = pipeline(config_json)
    columns = MENTION_COLUMNS + ERROR_COLUMNS
    for frame in frames:
        ids = frame[id_col].tolist()
        texts = frame[text_col].tolist()
        dates = frame[date_col].tolist() if date_col else [None] * len(ids)
        yield _frame(annotate_rows(ids, texts, dates, nlp), columns)


def annotate_dataframe(
    df: DataFrame,
    id_col: str = "id",
    text_col: str = "text",
    date_col: str | None = None,
    config: PipelineConfig | None = None,
) -> DataFrame:
    """A DataFrame of mentions (one row per mention, one error row per failed note) for a DataFrame of notes."""
    _require_spark()
    missing = [c for c in (id_col, text_col, date_col) if c and c not in df.columns]
    if missing:
        raise PrescreenError(
            Errors.P020, path="the DataFrame", reason=f"no column {', '.join(repr(m) for m in missing)}"
        )
    selected = df.select(*[c for c in (id_col, text_col, date_col) if c])
    config_json = config.model_dump_json() if config is not None else None
    func = partial(_annotate_partition, id_col, text_col, date_col, config_json)
    return selected.mapInPandas(func, spark_schema(MENTION_COLUMNS + ERROR_COLUMNS))


def note_facts(frame: pd.DataFrame) -> pd.DataFrame:
    """Note-level fact rows from one note's mention rows (facts.yaml precedence, merged values)."""
    mentions = []
    ok = frame[frame["error_code"].isna() & frame["fact"].notna()]
    for row in ok.to_dict("records"):
        evidence = Evidence(
            note=str(row["note_id"]),
            start=int(row["start"]),
            end=int(row["end"]),
            text=str(row["text"]),
            assertion=row["assertion"],
            values=json.loads(row["values"] or "{}"),
            cues=json.loads(row["cues"] or "[]"),
        )
        date = row["note_date"] if row["note_date"] is not None and row["note_date"] == row["note_date"] else None
        mentions.append(Mention(fact=str(row["fact"]), evidence=evidence, note_date=date))
    rows = [
        {
            "request_id": None,
            "note_id": f.evidence[0].note,
            "level": "note",
            "fact": f.id,
            "group": f.group,
            "status": f.status,
            "values": json.dumps(f.values, ensure_ascii=False),
            "evidence": json.dumps([{"note": e.note, "start": e.start, "end": e.end} for e in f.evidence]),
        }
        for f in aggregate(mentions)
    ]
    return _frame(rows, FACT_COLUMNS)


def facts_dataframe(mentions: DataFrame) -> DataFrame:
    """Note-level facts (columns of the batch ``facts`` table) from ``annotate_dataframe``'s mentions."""
    _require_spark()
    return mentions.where("error_code IS NULL").groupBy("note_id").applyInPandas(note_facts, spark_schema(FACT_COLUMNS))


__all__ = [
    "ERROR_COLUMNS",
    "annotate_dataframe",
    "annotate_rows",
    "facts_dataframe",
    "note_facts",
    "pipeline",
    "spark_schema",
]
