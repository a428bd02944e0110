import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Robot(BaseHTTPRequestHandler):
    """A group robot: records each JSON body and its dedupe key, waits ``delay`` seconds (a
    slow robot), then answers with the server's current status."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.headers["Content-Type"], json.loads(body)))
        self.server.keys.append(self.headers.get("Idempotency-Key"))
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0}')

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(monkeypatch, settings):
    """A local robot, configured as the office's default robot address (which the operator
    sets, so it may be plain http on the intranet)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Robot)
    server.daemon_threads = True
    server.received = []
    server.keys = []
    server.status = 200
    server.delay = 0
    server.url = f"http://127.0.0.1:{server.server_address[1]}/robot/send?key=test"
    settings.NOTIFY_WEBHOOK_URL = server.url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()
