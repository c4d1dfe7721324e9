"""The FastAPI app: GET / (the reviewer page), POST /v1/check (Request -> Result), GET /v1/policies.

Safe by default: an optional bearer token guards every /v1 call, request bodies over ``max_bytes`` get
413, bad input gets a coded one-line message that never quotes note text, nothing is logged or stored
but ids and counts (uploads are kept in memory, responses are marked no-store), and the spaCy pipeline
is built once at startup and shared by the threadpool that runs the checks.
"""

from __future__ import annotations

import hmac
import json
import logging
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi import Request as HttpRequest
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from spacy.language import Language
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prescreen import __version__
from prescreen.contract import Request, Result
from prescreen.errors import Errors, PrescreenError
from prescreen.pipeline.html import CSP, report_body
from prescreen.pipeline.io import MAX_NOTE_BYTES, decode_text, parse_date_arg, parse_request
from prescreen.pipeline.writers import to_json

log = logging.getLogger("prescreen.web")

MAX_BODY_BYTES = 10_000_000
MAX_UPLOADS = 20

#: Coded errors that mean "the body (or an uploaded file) could not be read": 400. Other codes: 422.
UNREADABLE = frozenset({"P002", "P004", "P007", "P015", "P020"})
TOO_LARGE = frozenset({"P016"})

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


class UnreadableBody(PrescreenError):
    """A coded error for a body that cannot be parsed at all (malformed form data): always 400."""


def error_response(exc: PrescreenError) -> JSONResponse:
    """A coded error as JSON: 400 unreadable input, 413 too large, 422 invalid input."""
    unreadable = isinstance(exc, UnreadableBody) or exc.code in UNREADABLE
    status = 400 if unreadable else 413 if exc.code in TOO_LARGE else 422
    return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=status, headers=SECURITY_HEADERS)


class BodyLimit:
    """ASGI middleware: a body over ``max_bytes`` (declared or streamed) gets 413 before the app sees it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, scope: Scope, receive: Receive, send: Send, error: PrescreenError, status: int) -> None:
        response = JSONResponse(
            {"detail": error.message, "code": error.code}, status_code=status, headers=SECURITY_HEADERS
        )
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = PrescreenError(
            Errors.P009, reason=f"the request body is larger than the limit of {self.max_bytes} bytes"
        )
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._reject(
                    scope, receive, send, PrescreenError(Errors.P009, reason="bad Content-Length header"), 400
                )
                return
            if size > self.max_bytes:
                await self._reject(scope, receive, send, too_large, 413)
                return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._reject(scope, receive, send, too_large, 413)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _bearer_guard(token: str | None) -> Callable[[HttpRequest], None]:
    expected = f"Bearer {token}".encode() if token else None

    def guard(request: HttpRequest) -> None:
        if expected is None:
            return
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    return guard


def _nlp(request: HttpRequest) -> Language:
    nlp: Language | None = getattr(request.app.state, "nlp", None)
    if nlp is None:
        from prescreen.pipeline.nlp import get_nlp

        nlp = request.app.state.nlp = get_nlp()
    return nlp


async def _run_check(request: HttpRequest, req: Request, policy_ids: Sequence[str]) -> Result:
    """Run the check in the threadpool with the shared pipeline; unexpected failures are logged without text."""
    from prescreen.pipeline.run import check

    nlp = _nlp(request)
    try:
        result = await run_in_threadpool(check, req, list(policy_ids) or None, nlp)
    except PrescreenError:
        raise
    except Exception as exc:
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("check failed with %s (message withheld: it may quote input)\n%s", type(exc).__name__, frames)
        raise HTTPException(500, "internal error: the check failed (see the server log)") from None
    log.info(
        "check: %d notes, %d facts: %s",
        len(req.notes),
        len(result.facts),
        ", ".join(f"{p.policy}={p.determination}" for p in result.policies),
    )
    return result


def _parse_json_request(raw: bytes) -> Request:
    """Request JSON from an HTTP body: like the CLI's, but notes must carry their text (no server paths)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PrescreenError(Errors.P007, source="the request body", reason="not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise PrescreenError(
            Errors.P007, source="the request body", reason=f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("notes"), list):
        for i, note in enumerate(data["notes"]):
            if isinstance(note, dict) and "file" in note:
                raise PrescreenError(
                    Errors.P009, reason=f"notes[{i}].file is not accepted over HTTP: send the note's text"
                )
    return parse_request(data, "the request body")


async def _read_form(request: HttpRequest, max_bytes: int) -> FormData:
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("multipart/form-data"):
            parser = MultiPartParser(
                request.headers, request.stream(), max_files=MAX_UPLOADS, max_fields=200, max_part_size=max_bytes
            )
            parser.spool_max_size = max_bytes  # keep uploads in memory: note text never touches the disk
            return await parser.parse()
        if content_type.startswith("application/x-www-form-urlencoded"):
            return await request.form(max_files=0, max_fields=200, max_part_size=max_bytes)
    except (MultiPartException, HTTPException) as exc:
        reason = exc.message if isinstance(exc, MultiPartException) else str(exc.detail)
        raise UnreadableBody(Errors.P009, reason=f"malformed form data ({reason[:200]})") from None
    raise PrescreenError(Errors.P009, reason="send the form as multipart/form-data")


def _form_request(form: FormData) -> dict[str, Any]:
    """The page's form (pasted notes, uploaded files, CPT, date, age) as request JSON."""
    notes: list[dict[str, Any]] = []
    pasted = [v for v in form.getlist("note") if isinstance(v, str) and v.strip()]
    for i, text in enumerate(pasted, start=1):
        notes.append({"id": "pasted-note" if len(pasted) == 1 else f"pasted-note-{i}", "text": text})
    files = [f for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
    for i, upload in enumerate(files, start=1):
        note_id = PurePath(upload.filename or "").stem[:200] or f"upload-{i}"
        raw = upload.file.read()
        if len(raw) > MAX_NOTE_BYTES:
            raise PrescreenError(Errors.P016, note=note_id, size=len(raw), limit=MAX_NOTE_BYTES)
        notes.append({"id": note_id, "text": decode_text(raw, note_id)})
    if not notes:
        raise PrescreenError(Errors.P017)
    cpt = form.get("cpt")
    date = form.get("request_date")
    age = form.get("age")
    data: dict[str, Any] = {
        "request_id": "web-request",
        "cpt": cpt.strip() if isinstance(cpt, str) else "",
        "notes": notes,
    }
    if isinstance(date, str) and date.strip():
        data["request_date"] = parse_date_arg(date, "request_date")
    if isinstance(age, str) and age.strip():
        if not age.strip().isdigit():
            raise PrescreenError(Errors.P009, reason="age must be a whole number of years")
        data["patient"] = {"age": int(age.strip())}
    return data


def _policy_ids(request: HttpRequest) -> list[str]:
    return [p for p in request.query_params.getlist("policy") if p]


def _install_openapi(app: FastAPI) -> None:
    """OpenAPI with the contract's Request schema for the hand-parsed JSON body."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        req_schema = Request.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in req_schema.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components["Request"] = req_schema
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(token: str | None = None, max_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The app; ``token`` (when set) is required as ``Authorization: Bearer TOKEN`` on every /v1 call."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from prescreen.criteria.registry import bundled_policies
        from prescreen.pipeline.nlp import get_nlp

        app.state.nlp = await run_in_threadpool(get_nlp)
        policies = await run_in_threadpool(bundled_policies)
        log.info("pipeline loaded: %d pipes, %d policies", len(app.state.nlp.pipe_names), len(policies))
        yield

    app = FastAPI(
        title="prescreen",
        version=__version__,
        description="Pre-screen spine CT prior-authorization requests: the facts a policy needs, with evidence.",
        lifespan=lifespan,
    )
    app.state.nlp = None
    app.state.token_required = bool(token)

    @app.exception_handler(PrescreenError)
    async def _coded(_: HttpRequest, exc: PrescreenError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: HttpRequest, exc: RequestValidationError) -> JSONResponse:
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()[:5]
        )
        return error_response(PrescreenError(Errors.P009, reason=fields or "invalid request"))

    @app.middleware("http")
    async def _headers(request: HttpRequest, call_next: Callable[[HttpRequest], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        from prescreen.web.page import render_page

        return HTMLResponse(render_page(token_required=bool(token)), headers={"Content-Security-Policy": PAGE_CSP})

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(_bearer_guard(token))])

    @v1.get("/policies", summary="The bundled policies: ids, versions, titles and CPT codes")
    def policies() -> list[dict[str, Any]]:
        from prescreen.criteria.registry import bundled_policies

        return [
            {
                "id": p.id,
                "version": p.version,
                "title": p.title,
                "payer": p.payer,
                "effective_date": p.effective_date.isoformat(),
                "cpt_codes": list(p.cpt_codes),
            }
            for _, p in sorted(bundled_policies().items())
        ]

    @v1.post(
        "/check",
        response_model=Result,
        response_model_exclude_none=True,
        summary="Check one request (the contract's JSON) against the policies covering its CPT code",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}},
            }
        },
        responses={
            400: {"description": "unreadable body"},
            401: {"description": "token"},
            413: {"description": "too large"},
            422: {"description": "invalid request"},
        },
    )
    async def check_json(
        request: HttpRequest,
        policy: list[str] = Query(default=[], description="Policy ids (default: every policy covering the CPT code)."),
    ) -> Response:
        req = _parse_json_request(await request.body())
        result = await _run_check(request, req, policy)
        return Response(to_json(result, indent=None), media_type="application/json")

    @v1.post(
        "/report",
        response_class=HTMLResponse,
        summary="The page's submit: a multipart form (note, file, cpt, request_date, age) -> the report's HTML",
    )
    async def report(request: HttpRequest) -> HTMLResponse:
        form = await _read_form(request, max_bytes)
        try:
            req = parse_request(_form_request(form), "the form")
        finally:
            await form.close()
        result = await _run_check(request, req, _policy_ids(request))
        return HTMLResponse(report_body(result, req))

    app.include_router(v1)
    _install_openapi(app)
    app.add_middleware(BodyLimit, max_bytes=max_bytes)
    return app


#: The page may talk to its own origin only; everything it shows is inline.
PAGE_CSP = CSP.replace("form-action 'none'", "form-action 'self'; connect-src 'self'")

__all__ = ["MAX_BODY_BYTES", "BodyLimit", "UnreadableBody", "create_app", "error_response"]
