"""The ways a venue fails, and the changes to its bodies, that the fault-injection tests inject (shared test data).

Each venue's test module names a path every refresh requests, its body and a field (``FAULT``), and the error it
puts inside a successful answer (``ERROR_BODY``).
"""

from __future__ import annotations

import json
import time

from werkzeug import Response

from .market.venues import venue_module

TIMEOUT_S = 0.5
"""The per-answer timeout of the cases that time out: the slow answer takes twice as long."""
CLOUDFRONT_403 = "<!DOCTYPE HTML><HTML><HEAD><TITLE>ERROR</TITLE></HEAD><BODY>403 ERROR</BODY></HTML>"
FAILURES = ("timeout", "429", "451", "403 html", "503", "not json", "error code", "truncated")
"""Each way a venue fails its whole answer."""


def _slow(request):
    time.sleep(TIMEOUT_S * 2)
    return Response("[]", content_type="application/json")


def inject(server, venue, kind):
    """Make ``venue``'s fault path answer with failure ``kind`` (one of :data:`FAILURES`, or ``renamed field``)."""
    fault = venue_module(venue).FAULT
    path, body, field = fault.path, fault.body, fault.field
    request = server.expect_request(path)
    if kind == "timeout":
        request.respond_with_handler(_slow)
    elif kind == "429":
        request.respond_with_data("", status=429, headers={"Retry-After": "0"})
    elif kind == "451":
        request.respond_with_json({"code": 0, "msg": "restricted location"}, status=451)
    elif kind == "403 html":
        request.respond_with_data(CLOUDFRONT_403, status=403, content_type="text/html")
    elif kind == "503":
        request.respond_with_data("unavailable", status=503)
    elif kind == "not json":
        request.respond_with_data("<html>maintenance</html>", status=200)
    elif kind == "error code":
        request.respond_with_json(venue_module(venue).ERROR_BODY)
    elif kind == "truncated":
        request.respond_with_data(json.dumps(body)[:40], status=200, content_type="application/json")
    elif kind == "renamed field":
        request.respond_with_data(json.dumps(body).replace(f'"{field}"', f'"{field}_v2"'), 200,
                                  content_type="application/json")


def mutate(body, field, change):
    """``body`` with every value of ``field`` (at any depth) changed by ``change``."""
    if isinstance(body, dict):
        return {k: change(v) if k == field else mutate(v, field, change) for k, v in body.items()}
    if isinstance(body, list):
        return [mutate(item, field, change) for item in body]
    return body


def not_finite(value):
    return "Infinity" if isinstance(value, str) else float("inf")  # json writes Infinity, as a careless venue does


def hundred_times_lower(value):
    return str(float(value) / 100) if isinstance(value, str) else value / 100


def serve_mutated(server, venue, change):
    """Make ``venue``'s fault path answer its body with its fault field changed by ``change``."""
    fault = venue_module(venue).FAULT
    server.expect_request(fault.path).respond_with_data(
        json.dumps(mutate(fault.body, fault.field, change)), 200, content_type="application/json")


def hostile_text(body):
    """Every text of ``body`` with terminal and XML control characters and rich markup appended."""
    if isinstance(body, dict):
        return {k: hostile_text(v) for k, v in body.items()}
    if isinstance(body, list):
        return [hostile_text(item) for item in body]
    return body + "\x1b[31m[/][bold]\x00\x07" if isinstance(body, str) else body


def trickle(request):
    """An answer that sends one byte every 0.2 s for 10 s."""
    def body():
        for _ in range(50):
            time.sleep(0.2)
            yield b" "
    return Response(body(), 200, content_type="application/json")
