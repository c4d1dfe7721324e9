"""The web API: the contract's JSON in and out, coded errors with the right status, token, size limit."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from prescreen.cli import app as cli_app
from prescreen.contract import Result
from prescreen.pipeline.nlp import get_nlp
from prescreen.web.app import create_app
from tests.conftest import EXAMPLE, SECRET, make_pdf

TOKEN = "test-token-4e1f"
CODED = re.compile(r"^\[P\d{3}\] [^\n]+$")


def example_json() -> dict[str, Any]:
    data = json.loads((EXAMPLE / "request.json").read_text(encoding="utf-8"))
    note = data["notes"][0]
    note["text"] = (EXAMPLE / note.pop("file")).read_text(encoding="utf-8")
    return data


def secret_request(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cpt": "72131",
        "request_date": "2025-10-01",
        "notes": [
            {
                "id": "n1",
                "text": f"Low back pain radiating down the leg. {SECRET}. Completed 6 weeks of physical therapy.",
            }
        ],
    }
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    with TestClient(create_app(token=TOKEN)) as c:
        yield c


def assert_coded(resp: Any, status: int, code: str) -> str:
    assert resp.status_code == status, (resp.status_code, resp.text)
    body = resp.json()
    assert body["code"] == code, body
    assert CODED.match(body["detail"]) and body["detail"].startswith(f"[{code}] "), body
    assert SECRET not in resp.text
    return str(body["detail"])


def test_check_returns_the_contract_result(client: TestClient) -> None:
    data = example_json()
    resp = client.post("/v1/check", json=data)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers["cache-control"] == "no-store"
    result = Result.model_validate(resp.json())
    assert result.request_id == "example-lumbar-radiculopathy" and result.region == "lumbar"
    text = data["notes"][0]["text"]
    for fact in result.facts:
        for ev in fact.evidence:
            assert text[ev.start : ev.end] == ev.text
    determinations = {p.policy: p.determination for p in result.policies}
    assert determinations == {"cohere-ct-spine": "meets_criteria", "nia-lumbar-spine-ct": "meets_criteria"}


def test_check_with_policy_query(client: TestClient) -> None:
    resp = client.post("/v1/check", params={"policy": "cohere-ct-spine"}, json=secret_request())
    assert resp.status_code == 200, resp.text
    result = Result.model_validate(resp.json())
    assert [p.policy for p in result.policies] == ["cohere-ct-spine"]
    assert result.policies[0].determination == "needs_documentation"


def test_pipeline_is_loaded_once_and_shared_by_concurrent_requests(client: TestClient) -> None:
    app_state = client.app.state  # type: ignore[attr-defined]
    assert app_state.nlp is get_nlp()
    payload = example_json()
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: client.post("/v1/check", json=payload), range(8)))
    assert {r.status_code for r in responses} == {200}
    bodies = {json.dumps(r.json(), sort_keys=True) for r in responses}
    assert len(bodies) == 1
    assert app_state.nlp is get_nlp()


def test_policies_lists_ids_versions_titles_cpt(client: TestClient) -> None:
    resp = client.get("/v1/policies")
    assert resp.status_code == 200
    policies = {p["id"]: p for p in resp.json()}
    assert {"cohere-ct-spine", "nia-lumbar-spine-ct"} <= set(policies)
    for p in policies.values():
        assert p["version"] and p["title"] and p["cpt_codes"]
    assert "72131" in policies["cohere-ct-spine"]["cpt_codes"]


def test_malformed_json_is_400_p007(client: TestClient) -> None:
    body = '{"cpt": "72131", "notes": [{"id": "a", "text": "' + SECRET + '"}'
    assert_coded(client.post("/v1/check", content=body, headers={"content-type": "application/json"}), 400, "P007")


def test_body_that_is_not_utf8_is_400_p007(client: TestClient) -> None:
    resp = client.post(
        "/v1/check", content=b"\xff\xfe\x00{" + SECRET.encode(), headers={"content-type": "application/json"}
    )
    assert_coded(resp, 400, "P007")


def test_unknown_cpt_is_422_p005(client: TestClient) -> None:
    detail = assert_coded(client.post("/v1/check", json=secret_request(cpt="99999")), 422, "P005")
    assert "unknown CPT code '99999'" in detail


def test_unknown_policy_is_422_p006(client: TestClient) -> None:
    assert_coded(client.post("/v1/check", params={"policy": "acme-ct"}, json=secret_request()), 422, "P006")


def test_bad_date_is_422_p008(client: TestClient) -> None:
    assert_coded(client.post("/v1/check", json=secret_request(request_date="10/01/2025")), 422, "P008")


def test_invalid_fields_are_422_p009_without_note_text(client: TestClient) -> None:
    data = secret_request(patient={"age": "old"})
    del data["cpt"]
    detail = assert_coded(client.post("/v1/check", json=data), 422, "P009")
    assert "cpt" in detail and "patient.age" in detail


def test_wrong_type_for_note_text_never_echoes_it(client: TestClient) -> None:
    data = secret_request()
    data["notes"][0]["text"] = [SECRET * 50]
    assert_coded(client.post("/v1/check", json=data), 422, "P009")


def test_no_notes_or_facts_is_422_p017(client: TestClient) -> None:
    assert_coded(client.post("/v1/check", json={"cpt": "72131"}), 422, "P017")


def test_note_files_are_not_read_from_the_server(client: TestClient, tmp_path: Path) -> None:
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(f"low back pain {SECRET}\n", encoding="utf-8")
    data = {"cpt": "72131", "notes": [{"id": "x", "file": str(secret_file)}]}
    detail = assert_coded(client.post("/v1/check", json=data), 422, "P009")
    assert "file is not accepted" in detail


def test_top_level_must_be_an_object(client: TestClient) -> None:
    assert_coded(client.post("/v1/check", json=[SECRET]), 400, "P007")


def test_size_limit_is_413() -> None:
    with TestClient(create_app(max_bytes=2_000)) as small:
        big = secret_request()
        big["notes"][0]["text"] += " back pain" * 300
        detail = assert_coded(small.post("/v1/check", json=big), 413, "P009")
        assert "2000 bytes" in detail
        assert small.post("/v1/check", json=secret_request()).status_code == 200

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b" " * 500

        streamed = small.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413 and "content-length" not in {k.lower() for k in streamed.request.headers}


def test_token_is_required_on_every_v1_call(guarded: TestClient) -> None:
    calls = [
        ("GET", "/v1/policies", {}),
        ("POST", "/v1/check", {"json": secret_request()}),
        ("POST", "/v1/report", {"data": {"cpt": "72131", "note": "low back pain"}}),
    ]
    for method, url, kwargs in calls:
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": TOKEN}):
            resp = guarded.request(method, url, headers=headers, **kwargs)
            assert resp.status_code == 401, (url, headers, resp.status_code)
            assert resp.headers["www-authenticate"] == "Bearer"
            assert SECRET not in resp.text
        ok = guarded.request(method, url, headers={"Authorization": f"Bearer {TOKEN}"}, **kwargs)
        assert ok.status_code == 200, (url, ok.text)


def test_page_is_open_and_asks_for_the_token_when_one_is_set(client: TestClient, guarded: TestClient) -> None:
    assert 'id="token"' in guarded.get("/").text
    page = client.get("/")
    assert page.status_code == 200 and 'id="token"' not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    for name in ('name="note"', 'name="file"', 'name="cpt"', 'name="request_date"', 'name="age"'):
        assert name in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<link" not in html and not re.search(r"<script[^>]+src", html)


def test_report_from_pasted_note(client: TestClient) -> None:
    text = (EXAMPLE / "office-2025-09-20.txt").read_text(encoding="utf-8")
    resp = client.post("/v1/report", data={"cpt": "72131", "note": text, "request_date": "2025-10-01", "age": "54"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/html")
    assert resp.text.count('<mark class="ev') >= 20
    assert 'data-note="pasted-note"' in resp.text and "Meets criteria" in resp.text


def test_report_from_uploaded_pdf_and_text(client: TestClient) -> None:
    pdf = make_pdf(
        ["Referral: 47 y/o with lumbar radiculopathy.", "Completed 8 weeks of physical therapy without relief."]
    )
    files = [
        ("file", ("referral.pdf", pdf, "application/pdf")),
        ("file", ("office.txt", b"Low back pain. Denies saddle anesthesia.\n", "text/plain")),
    ]
    resp = client.post("/v1/report", data={"cpt": "72131"}, files=files)
    assert resp.status_code == 200, resp.text
    assert 'data-note="referral"' in resp.text and 'data-note="office"' in resp.text
    assert 'data-fact="physical_therapy"' in resp.text and 'data-assertion="absent"' in resp.text


def test_report_errors(client: TestClient) -> None:
    assert_coded(client.post("/v1/report", data={"cpt": "99999", "note": SECRET}), 422, "P005")
    assert_coded(client.post("/v1/report", data={"cpt": "72131", "note": "  "}), 422, "P017")
    assert_coded(client.post("/v1/report", data={"cpt": "72131", "note": SECRET, "age": "old"}), 422, "P009")
    assert_coded(client.post("/v1/report", data={"cpt": "72131", "note": SECRET, "request_date": "soon"}), 422, "P008")
    binary = [("file", ("scan.txt", bytes(range(256)) * 8, "application/octet-stream"))]
    assert_coded(client.post("/v1/report", data={"cpt": "72131"}, files=binary), 400, "P004")
    broken = b'--xyz\r\nContent-Disposition: form-data; name="note"\r\n\r\n' + SECRET.encode()
    resp = client.post("/v1/report", content=broken, headers={"content-type": "multipart/form-data; boundary=abc"})
    assert resp.status_code in (400, 422) and SECRET not in resp.text
    assert_coded(client.post("/v1/report", json={"cpt": "72131"}), 422, "P009")


def test_no_note_text_in_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/v1/check", json=secret_request())
        client.post("/v1/check", json=secret_request(cpt="99999"))
        client.post("/v1/report", data={"cpt": "72131", "note": SECRET + " low back pain"})
    assert any(r.name.startswith("prescreen") for r in caplog.records)
    assert SECRET not in caplog.text


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/policies", "/v1/report"} <= set(spec["paths"])
    body = spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Request"}
    assert {"Request", "Note", "Result"} <= set(spec["components"]["schemas"])
    assert client.get("/docs").status_code == 200


def test_serve_command_defaults_to_loopback_and_reads_the_token_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    res = CliRunner().invoke(cli_app, ["serve"], env={"PRESCREEN_TOKEN": TOKEN})
    assert res.exit_code == 0, res.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    assert calls[0]["app"].state.token_required is True
    res = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "8123"], env={"PRESCREEN_TOKEN": ""})
    assert res.exit_code == 0
    assert calls[1]["host"] == "0.0.0.0" and calls[1]["port"] == 8123
    assert calls[1]["app"].state.token_required is False
    assert "without a token" in res.stderr


def test_serve_without_the_web_extra_is_p021(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    res = CliRunner().invoke(cli_app, ["serve"])
    assert res.exit_code == 2
    assert res.stderr.strip() == "[P021] the web extra is not installed: pip install 'prescreen[web]'"
