"""The Spark path: annotate_dataframe on a local[2] session gives the batch's mentions; facts_dataframe its facts."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from prescreen.annotate import annotate_batch
from tests.annotate.conftest import NOTES, read_jsonl, write_notes

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if not os.environ.get("JAVA_HOME") and Path("/usr/lib/jvm").is_dir():
        homes = sorted(Path("/usr/lib/jvm").glob("java-17-*")) or sorted(Path("/usr/lib/jvm").glob("*"))
        if homes:
            os.environ["JAVA_HOME"] = str(homes[0])
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("prescreen-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_annotate_dataframe_matches_the_batch(spark: Any, tmp_path: Path) -> None:
    from prescreen.annotate.spark import annotate_dataframe, facts_dataframe

    annotate_batch([write_notes(tmp_path / "notes")], tmp_path / "out", ["jsonl"], workers=1)
    batch = {line["id"]: line for line in read_jsonl(tmp_path / "out" / "annotations.jsonl")}
    rows = [(k, v, dt.date(2025, 9, 1 + i)) for i, (k, v) in enumerate(NOTES.items())] + [("empty", "   ", None)]
    df = spark.createDataFrame(rows, "note_key string, body string, written date")
    assert df.rdd.getNumPartitions() == 2

    mentions = annotate_dataframe(df, id_col="note_key", text_col="body", date_col="written").cache()
    got = mentions.collect()
    ok = [r.asDict() for r in got if r["error_code"] is None]
    errors = [r.asDict() for r in got if r["error_code"] is not None]
    assert [(e["note_id"], e["error_code"]) for e in errors] == [("empty", "P003")]
    key = lambda m: (m[0], m[1], m[2], m[3])  # noqa: E731
    expected = sorted(
        (
            (nid, m["start"], m["end"], m["fact"], m["assertion"], m["values"])
            for nid, line in batch.items()
            for m in line["mentions"]
        ),
        key=key,
    )
    actual = sorted(
        ((r["note_id"], r["start"], r["end"], r["fact"], r["assertion"], json.loads(r["values"])) for r in ok), key=key
    )
    assert actual == expected
    assert all(NOTES[r["note_id"]][r["start"] : r["end"]] == r["text"] for r in ok)
    assert {r["note_date"] for r in ok if r["note_id"] == "office-a"} == {dt.date(2025, 9, 1)}

    facts = facts_dataframe(mentions).collect()
    got_facts = sorted((r["note_id"], r["fact"], r["status"], json.loads(r["values"])) for r in facts)
    expected_facts = sorted(
        (nid, f["id"], f["status"], f["values"]) for nid, line in batch.items() for f in line.get("facts", [])
    )
    assert got_facts == expected_facts
