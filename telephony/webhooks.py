"""Webhook receivers for cloud PBXs: signature checks, request handling and a small asyncio HTTP server.

Zadarma posts form fields and signs them in the ``Signature`` header: base64 of the hex HMAC-SHA1, keyed
with the API secret, of fields that depend on the notification (see ``ZADARMA_SIGNED_FIELDS``); when a URL
is set up it checks it with ``GET ?zd_echo=X`` and expects ``X`` back. Mango Office posts ``vpbx_api_key``,
``sign`` and ``json``, where ``sign = sha256(vpbx_api_key + json + vpbx_api_salt)``. A request whose
signature does not match is refused with 403 and logged; nothing of it is used.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from telephony.events import CallUpdate
from telephony.webhook_calls import MangoCalls, ZadarmaCalls

log = logging.getLogger(__name__)

#: The fields each Zadarma notification signs, concatenated in this order.
ZADARMA_SIGNED_FIELDS: dict[str, tuple[str, ...]] = {
    "NOTIFY_START": ("caller_id", "called_did", "call_start"),
    "NOTIFY_INTERNAL": ("caller_id", "called_did", "call_start"),
    "NOTIFY_END": ("caller_id", "called_did", "call_start"),
    "NOTIFY_ANSWER": ("caller_id", "destination", "call_start"),
    "NOTIFY_OUT_START": ("internal", "destination", "call_start"),
    "NOTIFY_OUT_END": ("internal", "destination", "call_start"),
    "NOTIFY_RECORD": ("pbx_call_id", "call_id_with_rec"),
}
MAX_BODY = 1024 * 1024


class WebhookRejected(Exception):
    """A notification that must not be used (bad or missing signature, unknown sender, malformed body)."""


def zadarma_signature(fields: Mapping[str, str], secret: str) -> str:
    """The ``Signature`` Zadarma sends with these fields; WebhookRejected for a notification it does not sign."""
    keys = ZADARMA_SIGNED_FIELDS.get(fields.get("event", ""))
    if keys is None:
        raise WebhookRejected(f"Zadarma notification {fields.get('event')!r} is not one we accept")
    message = "".join(fields.get(key, "") for key in keys)
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha1).hexdigest()
    return base64.b64encode(digest.encode()).decode()


def verify_zadarma(fields: Mapping[str, str], signature: str | None, secret: str) -> None:
    """Raise WebhookRejected unless ``signature`` is Zadarma's for ``fields``."""
    if not signature:
        raise WebhookRejected("Zadarma notification without a Signature header")
    if not hmac.compare_digest(zadarma_signature(fields, secret), signature.strip()):
        raise WebhookRejected(f"Zadarma {fields.get('event')} for {fields.get('pbx_call_id')}: bad signature")


def mango_sign(api_key: str, payload: str, salt: str) -> str:
    """Mango Office's ``sign``: hex SHA-256 of key + JSON text + salt."""
    return hashlib.sha256((api_key + payload + salt).encode()).hexdigest()


def verify_mango(fields: Mapping[str, str], api_key: str, salt: str) -> dict:
    """Check a Mango Office notification and return its decoded ``json``; WebhookRejected if it is not theirs."""
    payload, sign = fields.get("json", ""), fields.get("sign", "")
    if not hmac.compare_digest(fields.get("vpbx_api_key", ""), api_key):
        raise WebhookRejected("Mango Office notification for another API key")
    if not hmac.compare_digest(mango_sign(api_key, payload, salt), sign.strip().lower()):
        raise WebhookRejected("Mango Office notification: bad signature")
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise WebhookRejected(f"Mango Office notification: the json field is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise WebhookRejected("Mango Office notification: the json field is not an object")
    return data


@dataclass(frozen=True)
class WebhookResponse:
    """What to answer the PBX."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"


def _form(body: bytes) -> dict[str, str]:
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


class WebhookReceiver:
    """Routes PBX notifications to the Zadarma / Mango folders and hands each CallUpdate to ``on_update``.

    Paths: ``/zadarma`` (GET echo check, POST notifications); ``/mango/events/call``,
    ``/mango/events/summary`` (other ``/mango/…`` notifications are acknowledged and ignored).
    A PBX not configured (no secret) is answered 404.
    """

    def __init__(self, on_update: Callable[[CallUpdate], None], *, zadarma_secret: str | None = None,
                 mango_key: str | None = None, mango_salt: str | None = None,
                 zadarma: ZadarmaCalls | None = None, mango: MangoCalls | None = None):
        self.on_update = on_update
        self.zadarma_secret, self.mango_key, self.mango_salt = zadarma_secret, mango_key, mango_salt
        self.zadarma = zadarma or ZadarmaCalls()
        self.mango = mango or MangoCalls()

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> WebhookResponse:
        """Answer one request; never raises for what a caller sends."""
        url = urlsplit(target)
        path = url.path.rstrip("/")
        headers = {key.lower(): value for key, value in headers.items()}
        try:
            if path == "/zadarma" and self.zadarma_secret:
                return self._zadarma(method, url.query, headers, body)
            if path.startswith("/mango/") and self.mango_key and self.mango_salt:
                return self._mango(method, path, body)
        except WebhookRejected as exc:
            log.warning("refused PBX notification on %s: %s", path, exc)
            return WebhookResponse(403, b"forbidden")
        return WebhookResponse(404, b"not found")

    def _emit(self, updates: list[CallUpdate]) -> None:
        for update in updates:
            self.on_update(update)

    def _zadarma(self, method: str, query: str, headers: Mapping[str, str], body: bytes) -> WebhookResponse:
        if method == "GET":
            echo = parse_qs(query).get("zd_echo", [""])[0]
            return WebhookResponse(200, echo.encode()) if echo else WebhookResponse(400, b"zd_echo expected")
        if method != "POST":
            return WebhookResponse(405, b"method not allowed")
        fields = _form(body)
        if fields.get("event") not in ZADARMA_SIGNED_FIELDS:
            return WebhookResponse(200)  # a notification we do not use (IVR, SMS…): acknowledge it
        verify_zadarma(fields, headers.get("signature"), self.zadarma_secret or "")
        self._emit(self.zadarma.handle(fields))
        return WebhookResponse(200)

    def _mango(self, method: str, path: str, body: bytes) -> WebhookResponse:
        if method != "POST":
            return WebhookResponse(405, b"method not allowed")
        data = verify_mango(_form(body), self.mango_key or "", self.mango_salt or "")
        if path == "/mango/events/call":
            self._emit(self.mango.handle_call_event(data))
        elif path == "/mango/events/summary":
            self._emit(self.mango.handle_summary(data))
        self._emit(self.mango.flush())
        return WebhookResponse(200)


async def _http_exchange(receiver: WebhookReceiver, reader: asyncio.StreamReader,
                         writer: asyncio.StreamWriter) -> None:
    response = WebhookResponse(400, b"bad request")
    try:
        request_line = (await asyncio.wait_for(reader.readline(), 10)).decode("latin-1").split()
        headers: dict[str, str] = {}
        while (line := (await asyncio.wait_for(reader.readline(), 10)).decode("latin-1").strip()):
            key, _, value = line.partition(":")
            headers[key.strip()] = value.strip()
        length = int(headers.get("Content-Length") or headers.get("content-length") or 0)
        if len(request_line) >= 2 and 0 <= length <= MAX_BODY:
            body = await asyncio.wait_for(reader.readexactly(length), 10) if length else b""
            response = receiver.handle(request_line[0].upper(), request_line[1], headers, body)
    except (TimeoutError, ValueError, asyncio.IncompleteReadError, ConnectionError):
        pass
    reason = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"}
    head = (f"HTTP/1.1 {response.status} {reason.get(response.status, 'Error')}\r\n"
            f"Content-Type: {response.content_type}\r\nContent-Length: {len(response.body)}\r\n"
            "Connection: close\r\n\r\n")
    with contextlib.suppress(ConnectionError, OSError):
        writer.write(head.encode() + response.body)
        await writer.drain()
        writer.close()


async def serve_webhooks(receiver: WebhookReceiver, host: str, port: int) -> asyncio.Server:
    """Start a minimal HTTP/1.1 server for the receiver (put a TLS proxy in front of it on the internet)."""
    return await asyncio.start_server(lambda r, w: _http_exchange(receiver, r, w), host, port)
