"""The ``prescreen`` command line: thin wrappers over plain functions that the tests call directly."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from prescreen import __version__
from prescreen.errors import Errors, PrescreenError

app = typer.Typer(
    name="prescreen",
    help="Pre-screen spine CT prior-authorization requests: extract the facts a policy needs, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
policies_app = typer.Typer(help="List, show and check policy files.", no_args_is_help=True)
app.add_typer(policies_app, name="policies")

FORMATS = ("json", "text", "html")


def _fail(exc: PrescreenError) -> None:
    typer.echo(exc.message, err=True)
    raise typer.Exit(2)


def _write(output: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(output)
        if not output.endswith("\n"):
            sys.stdout.write("\n")
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(output, encoding="utf-8")
    except OSError as exc:
        raise PrescreenError(Errors.P019, path=out, reason=exc.strerror or type(exc).__name__) from None


def check_cli(
    notes: list[Path],
    request_path: str | None,
    cpt: str | None,
    request_date: str | None,
    age: int | None,
    policies: list[str],
    fmt: str,
    out: Path | None,
    rules_only: bool = False,
) -> str:
    """Build the request from files/JSON/stdin, check it, and render the result."""
    from prescreen.contract import Patient, Request
    from prescreen.pipeline.io import load_request_file, load_request_text, parse_date_arg, read_note_file
    from prescreen.pipeline.nlp import PipelineConfig, get_nlp
    from prescreen.pipeline.run import check
    from prescreen.pipeline.writers import to_json, to_text

    if fmt not in FORMATS:
        raise PrescreenError(Errors.P009, reason=f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if request_path is not None:
        if notes:
            raise PrescreenError(Errors.P009, reason="give note files or --request, not both")
        request = (
            load_request_text(sys.stdin.read(), "standard input")
            if request_path == "-"
            else load_request_file(request_path)
        )
        updates: dict[str, object] = {}
        if cpt:
            updates["cpt"] = cpt
        if request_date:
            updates["request_date"] = parse_date_arg(request_date, "--request-date")
        if age is not None:
            updates["patient"] = request.patient.model_copy(update={"age": age})
        request = request.model_copy(update=updates)
    else:
        if not notes:
            raise PrescreenError(Errors.P017)
        if not cpt:
            raise PrescreenError(Errors.P009, reason="--cpt is required with note files")
        loaded = [read_note_file(p) for p in notes]
        ids = [n.id for n in loaded]
        if len(set(ids)) != len(ids):
            raise PrescreenError(Errors.P009, reason="two note files have the same name (note ids must be unique)")
        request = Request(
            request_id=loaded[0].id if len(loaded) == 1 else "request",
            cpt=cpt,
            request_date=parse_date_arg(request_date, "--request-date"),
            patient=Patient(age=age),
            notes=loaded,
        )
    # one request, then the process ends: the value regexes are prepared as they are first used
    result = check(
        request,
        policies or None,
        nlp=get_nlp(PipelineConfig(warm=False, assertion_model=None if rules_only else "default")),
    )
    if fmt == "json":
        return to_json(result)
    if fmt == "html":
        from prescreen.pipeline.html import to_html

        return to_html(result, request)
    return to_text(result)


@app.command("check")
def check_command(
    notes: Annotated[
        list[Path] | None, typer.Argument(help="Note files (.txt or .pdf); the file name is the note id.")
    ] = None,
    request: Annotated[
        str | None, typer.Option("--request", help="Request JSON file, or - for standard input.")
    ] = None,
    cpt: Annotated[str | None, typer.Option(help="CPT code requested, e.g. 72131.")] = None,
    request_date: Annotated[
        str | None, typer.Option(help="Request date YYYY-MM-DD (default: newest note date, then today).")
    ] = None,
    age: Annotated[int | None, typer.Option(help="Patient age in years (default: read from the notes).")] = None,
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", help="Policy id (repeatable; default: every policy covering the CPT code)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, text or html.")] = "json",
    out: Annotated[Path | None, typer.Option(help="Write the result here instead of standard output.")] = None,
    rules_only: Annotated[
        bool, typer.Option("--rules-only", help="Read the notes with the rules alone, without the assertion model.")
    ] = False,
) -> None:
    """Check one request: which policy criteria the notes document, and what is missing."""
    try:
        _write(check_cli(notes or [], request, cpt, request_date, age, policy or [], fmt, out, rules_only), out)
    except PrescreenError as exc:
        _fail(exc)


@policies_app.command("list")
def policies_list() -> None:
    """List the bundled policies and the CPT codes they cover."""
    from prescreen.criteria.registry import bundled_policies

    try:
        for pid, p in sorted(bundled_policies().items()):
            typer.echo(
                f"{pid}\tversion {p.version}\t{p.payer}\t{len(p.indications)} indications\tCPT {','.join(p.cpt_codes)}"
            )
    except PrescreenError as exc:
        _fail(exc)


@policies_app.command("show")
def policies_show(policy_id: Annotated[str, typer.Argument(help="Policy id.")]) -> None:
    """Show a policy's criterion tree with its policy text."""
    from prescreen.criteria.registry import get_policy, policy_tree

    try:
        typer.echo(policy_tree(get_policy(policy_id)))
    except PrescreenError as exc:
        _fail(exc)


@policies_app.command("check")
def policies_check(path: Annotated[Path, typer.Argument(help="Policy YAML file to validate.")]) -> None:
    """Validate a policy file: schema, fact ids, predicates, definitions, CPT codes."""
    from prescreen.criteria.registry import load_policy_file

    try:
        p = load_policy_file(path)
    except PrescreenError as exc:
        _fail(exc)
        return
    typer.echo(
        f"ok: {p.id} version {p.version}: {len(p.indications)} indications, {len(p.non_indications)} non-indications"
    )


@app.command("evaluate")
def evaluate_command(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder (with requests/<id>/request.json, gold.json).")],
    split: Annotated[str, typer.Option(help="dev, test or all.")] = "test",
    out: Annotated[Path | None, typer.Option(help="Folder for report.md, report.json and PNG plots.")] = None,
    system: Annotated[
        list[str] | None, typer.Option("--system", help="negex, medspacy, rules, prescreen (repeatable; default all).")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option(help="Leave out invalid requests (listed on stderr) instead of stopping.")
    ] = False,
) -> None:
    """Score prescreen and the baselines on an annotated corpus, per fact, in one run."""
    try:
        typer.echo(evaluate_cli(corpus, split, out, tuple(system or ()), skip_invalid))
    except PrescreenError as exc:
        _fail(exc)


def evaluate_cli(
    corpus: Path, split: str, out: Path | None, systems: tuple[str, ...], skip_invalid: bool = False
) -> str:
    """Load and validate the corpus, score every system, write the report; returns the summary table."""
    from prescreen.corpora.evaluate import evaluate_corpus, summary_table, write_report
    from prescreen.corpora.loader import load_corpus
    from prescreen.corpora.systems import SYSTEMS

    if split not in ("dev", "test", "all"):
        raise PrescreenError(Errors.P009, reason=f"unknown split '{split}' (choose dev, test or all)")
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        raise PrescreenError(Errors.P009, reason=f"unknown system '{unknown[0]}' (choose from {', '.join(SYSTEMS)})")
    loaded = load_corpus(corpus, skip_invalid=skip_invalid)
    for problem in loaded.skipped:
        typer.echo(f"skipped: {problem}", err=True)
    report = evaluate_corpus(loaded, split, systems or SYSTEMS)
    table = summary_table(report)
    if out is not None:
        try:
            paths = write_report(report, out)
        except OSError as exc:
            raise PrescreenError(Errors.P019, path=out, reason=exc.strerror or type(exc).__name__) from None
        table += "\n\nwrote " + ", ".join(str(p) for p in paths)
    return f"{report['requests']} requests, {report['notes']} notes ({report['split']} split)\n\n{table}"


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to bind (default: loopback only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="PRESCREEN_TOKEN", help="Bearer token required on every /v1 call (or env PRESCREEN_TOKEN)."
        ),
    ] = None,
) -> None:
    """Serve the reviewer page and the JSON API (needs the web extra)."""
    from prescreen.web import serve

    try:
        serve(host=host, port=port, token=token)
    except PrescreenError as exc:
        _fail(exc)


def annotate_cli(
    inputs: list[Path],
    out: Path,
    formats: list[str],
    workers: int,
    id_column: str,
    text_column: str,
    date_column: str | None,
    chunk_size: int,
    progress: bool | None,
) -> str:
    """Annotate a batch (``prescreen.annotate.annotate_batch``) and return its summary line."""
    from prescreen.annotate import InputOptions, annotate_batch

    fmts = [f.strip() for item in formats or ["jsonl"] for f in item.split(",") if f.strip()]
    options = InputOptions(id_column=id_column, text_column=text_column, date_column=date_column)
    show = sys.stderr.isatty() if progress is None else progress
    summary = annotate_batch(inputs, out, fmts, workers or None, options, chunk_size, progress=show)
    return f"{summary.line()}; output in {out}"


@app.command("annotate")
def annotate_command(
    out: Annotated[Path, typer.Option("--out", help="Output folder; rerun with the same folder to resume.")],
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(help="Folders of .txt/.pdf notes, note files, JSONL/JSON notes or requests, CSV/TSV, Parquet."),
    ] = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            help="jsonl, brat, spacy, labelstudio, csv or parquet (repeatable or comma-separated; default jsonl).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per CPU; 1: in this process).")] = 0,
    id_column: Annotated[str, typer.Option(help="CSV/Parquet column of note ids.")] = "id",
    text_column: Annotated[str, typer.Option(help="CSV/Parquet column of note text.")] = "text",
    date_column: Annotated[
        str | None, typer.Option(help="CSV/Parquet column of note dates (default: 'date' when present).")
    ] = None,
    chunk_size: Annotated[int, typer.Option(help="Notes per chunk of work sent to a worker.")] = 8,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."),
    ] = None,
) -> None:
    """Annotate many notes: mentions and facts with evidence offsets, resumable, on every core."""
    try:
        line = annotate_cli(
            inputs or [], out, fmt or [], workers, id_column, text_column, date_column, chunk_size, progress
        )
    except PrescreenError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:
        typer.echo(f"interrupted: finished notes are kept; rerun the same command to resume ({out})", err=True)
        raise typer.Exit(130) from None
    typer.echo(line, err=True)


def convert_cli(source: Path, source_format: str, out: Path, cpt: str | None, include_predictions: bool) -> str:
    """Convert corrected annotations into a corpus (``prescreen.annotate.convert``); return a summary line."""
    from prescreen.annotate import convert

    return convert(source, source_format, out, cpt=cpt, include_predictions=include_predictions).line()


@app.command("convert")
def convert_command(
    source: Annotated[Path, typer.Argument(help="A brat collection folder, or a Label Studio JSON export file.")],
    source_format: Annotated[str, typer.Option("--from", help="brat or labelstudio.")],
    out: Annotated[
        Path, typer.Option("--out", help="Corpus folder to write (requests/<id>/ request.json, notes, gold.json).")
    ],
    cpt: Annotated[
        str | None, typer.Option(help="CPT code for requests that carry none (notes annotated one by one).")
    ] = None,
    include_predictions: Annotated[
        bool, typer.Option(help="Label Studio: use the prediction of tasks nobody annotated.")
    ] = False,
) -> None:
    """Turn human-corrected brat or Label Studio annotations into the annotated corpus format."""
    try:
        typer.echo(convert_cli(source, source_format, out, cpt, include_predictions), err=True)
    except PrescreenError as exc:
        _fail(exc)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prescreen {__version__}")
        raise typer.Exit()


@app.callback()
def root_options(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress (ids and counts, never note text).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    # medspaCy/PyRuSH log through loguru; keep their per-token debug output off.
    try:
        from loguru import logger

        logger.remove()
    except ImportError:  # pragma: no cover
        pass


#: Commands that end by writing their result and own nothing that needs an orderly interpreter exit.
QUICK_EXIT = frozenset({"check"})


def main(prog_name: str = "prescreen") -> None:
    """The console script. After ``check`` it flushes its output and leaves without tearing the
    interpreter down: freeing spaCy's, medspaCy's and the rules' objects one by one took about 0.3 s
    of a one-note command. Other commands (pools, servers) exit normally."""
    try:
        app(prog_name=prog_name)
    except SystemExit as exc:
        code = exc.code
    else:  # pragma: no cover - typer's standalone mode always raises SystemExit
        code = 0
    if code is None:
        code = 0
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)  # (root options are flags)
    if not isinstance(code, int) or command not in QUICK_EXIT:
        raise SystemExit(code)
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: nothing more can be written anyway
        pass
    os._exit(code)


__all__ = ["annotate_cli", "app", "check_cli", "convert_cli", "main"]
