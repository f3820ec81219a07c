"""Fires a request at a wired API and returns status, headers, body and timing."""

from __future__ import annotations

import time

from lambdadesk.core.http_request import HttpResponse, RequestSpec, check_request, request_url


async def send(base_url: str, spec: RequestSpec, timeout_s: float = 120) -> HttpResponse:
    """`base_url` is the API's stage URL without a trailing path; the spec's path and query are added to it."""
    import aiohttp  # loaded by the first request, not with every command

    spec = check_request(spec)
    url = request_url(base_url, spec)
    started = time.monotonic()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session, \
            session.request(spec.method, url, headers=list(spec.headers), data=spec.body.encode() or None) as response:
        body = await response.text(errors="replace")
        return HttpResponse(response.status, tuple(response.headers.items()), body, time.monotonic() - started)
