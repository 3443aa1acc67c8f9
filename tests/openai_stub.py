"""A scripted OpenAI-compatible chat server on 127.0.0.1, for tests that need no real model.

It speaks the protocol llama.cpp's server, vLLM and LM Studio speak: `GET /v1/models`,
`POST /v1/chat/completions` with `stream: true` answered as server-sent events, one
`chat.completion.chunk` per word, then `data: [DONE]`. The client under test is the real
one (llama-index's `OpenAILike` over the `openai` package); only the model is scripted.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ScriptedModel:
    """What the stub replies, how slowly, and what it was asked."""

    def __init__(self) -> None:
        self.reply = ""
        self.delay = 0.0
        self.requests: list[dict[str, Any]] = []

    def say(self, reply: str, delay: float = 0.0) -> ScriptedModel:
        """Reply `reply` to the next requests, waiting `delay` seconds before each word."""
        self.reply, self.delay = reply, delay
        self.requests.clear()
        return self

    @property
    def messages(self) -> list[dict[str, str]]:
        """The chat messages of the last request ([] when none came)."""
        return self.requests[-1]["messages"] if self.requests else []


def _handler(model: ScriptedModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": "not found"}})
                return
            model.requests.append(body)
            words = re.findall(r"\S+\s*", model.reply)
            if not body.get("stream"):
                self._json(200, {"id": "c1", "object": "chat.completion", "created": int(time.time()),
                                 "model": body.get("model", "scripted"),
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": model.reply}}]})
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for word in [*words, None]:
                    if word is not None:
                        time.sleep(model.delay)
                    delta = {"role": "assistant", "content": word} if word is not None else {}
                    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": body.get("model", "scripted"),
                             "choices": [{"index": 0, "delta": delta,
                                          "finish_reason": None if word is not None else "stop"}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass
            self.close_connection = True

    return Handler


class StubServer:
    """The stub, serving on a free port of 127.0.0.1 in a daemon thread until `close()`."""

    def __init__(self) -> None:
        self.model = ScriptedModel()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.model))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="openai-stub", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving and free the port."""
        self.httpd.shutdown()
        self.httpd.server_close()
