"""The reviewer web app (the ``web`` extra): a paste/upload page and a JSON API over the same check."""

from __future__ import annotations

import ipaddress
import sys

from prescreen.errors import Errors, PrescreenError

#: Top-level modules of the ``web`` extra; a missing one means the extra is not installed.
WEB_MODULES = frozenset({"fastapi", "starlette", "uvicorn", "multipart", "python_multipart", "httpx"})


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int = 8000, token: str | None = None, max_bytes: int | None = None) -> None:
    """Run the app with uvicorn until interrupted; P021 when the web extra is missing."""
    try:
        import uvicorn

        from prescreen.web.app import MAX_BODY_BYTES, create_app
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in WEB_MODULES:
            raise PrescreenError(Errors.P021) from None
        raise
    if not token and not _is_loopback(host):
        print(
            f"warning: serving on {host} without a token: anyone who can reach this port can submit notes "
            "(set PRESCREEN_TOKEN or --token)",
            file=sys.stderr,
        )
    app = create_app(token=token or None, max_bytes=max_bytes or MAX_BODY_BYTES)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


__all__ = ["WEB_MODULES", "serve"]
