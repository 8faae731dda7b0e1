"""A tiny local stand-in for the Hugging Face hub, for download tests without a network: serves
folders as model repositories on the routes huggingface_hub 2.x calls (read from its source):

    GET  /api/models/{repo}[/revision/{rev}]   model_info: sha, siblings with sizes (repo_info in snapshot_download)
    GET  /api/models/{repo}/tree/{rev}         list_repo_tree: the files with size and oid
    HEAD /{repo}/resolve/{rev}/{file}          get_hf_file_metadata: X-Repo-Commit, ETag, Content-Length
    GET  /{repo}/resolve/{rev}/{file}          the bytes (http_get)

An unknown repository answers 404 with X-Error-Code: RepoNotFound, as the hub does. `throttle`
(bytes per second) slows file bodies down so a test can cancel a download under way.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class FakeHub:
    def __init__(self, repos: dict[str, Path], throttle: int | None = None):
        self.repos = {repo: Path(folder) for repo, folder in repos.items()}
        self.throttle = throttle                 # bytes per second for file bodies, None: as fast as it goes
        self.requests: list[tuple[str, str]] = []
        self.bytes_sent = 0
        self.body_started = threading.Event()     # set once some file's body has begun to flow
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):       # quiet
                pass

            def do_HEAD(self):
                hub._serve(self, body=False)

            def do_GET(self):
                hub._serve(self, body=True)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # the repository's contents ---------------------------------------------------------------------
    def files(self, repo: str) -> dict[str, Path]:
        root = self.repos[repo]
        return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}

    def commit(self, repo: str) -> str:
        h = hashlib.sha1(repo.encode())
        for name, path in self.files(repo).items():
            h.update(name.encode() + hashlib.sha1(path.read_bytes()).digest())
        return h.hexdigest()

    @staticmethod
    def oid(path: Path) -> str:
        return hashlib.sha1(path.read_bytes()).hexdigest()

    # HTTP -------------------------------------------------------------------------------------------
    def _repo_of(self, rest: str) -> tuple[str | None, str]:
        for repo in sorted(self.repos, key=len, reverse=True):
            if rest == repo or rest.startswith(repo + "/"):
                return repo, rest[len(repo):]
        return None, rest

    def _serve(self, req: BaseHTTPRequestHandler, body: bool) -> None:
        path = unquote(urlsplit(req.path).path)
        self.requests.append((req.command, path))
        if path.startswith("/api/models/"):
            repo, rest = self._repo_of(path[len("/api/models/"):])
            if repo is None:
                return self._not_found(req)
            if rest.startswith("/tree/"):
                listing = [{"type": "file", "path": name, "size": p.stat().st_size, "oid": self.oid(p)}
                           for name, p in self.files(repo).items()]
                return self._json(req, listing, body)
            siblings = [{"rfilename": name, "size": p.stat().st_size, "blobId": self.oid(p)}
                        for name, p in self.files(repo).items()]
            return self._json(req, {"id": repo, "modelId": repo, "sha": self.commit(repo), "siblings": siblings,
                                    "private": False, "tags": []}, body)
        repo, rest = self._repo_of(path.lstrip("/"))
        if repo is None or not rest.startswith("/resolve/"):
            return self._not_found(req)
        _, name = rest[len("/resolve/"):].split("/", 1)       # the revision, then the file
        file = self.files(repo).get(name)
        if file is None:
            req.send_response(404)
            req.send_header("X-Error-Code", "EntryNotFound")
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        data = file.read_bytes()
        req.send_response(200)
        req.send_header("X-Repo-Commit", self.commit(repo))
        req.send_header("ETag", f'"{hashlib.sha256(data).hexdigest()}"')
        req.send_header("Content-Length", str(len(data)))
        req.send_header("Content-Type", "application/octet-stream")
        req.end_headers()
        if body:
            self._send_body(req, data)

    def _send_body(self, req, data: bytes) -> None:
        step = 64 * 1024 if self.throttle else len(data) or 1
        try:
            for start in range(0, len(data), step):
                piece = data[start:start + step]
                req.wfile.write(piece)
                req.wfile.flush()
                self.bytes_sent += len(piece)
                self.body_started.set()
                if self.throttle:
                    time.sleep(len(piece) / self.throttle)
        except (BrokenPipeError, ConnectionResetError):      # the client hung up (a cancel)
            pass

    def _json(self, req, payload, body: bool) -> None:
        data = json.dumps(payload).encode()
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        if body:
            req.wfile.write(data)

    def _not_found(self, req) -> None:
        data = b'{"error": "Repository not found"}'
        req.send_response(404)
        req.send_header("X-Error-Code", "RepoNotFound")
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        req.wfile.write(data)


@pytest.fixture(autouse=True)
def online(monkeypatch):
    """The fake hub is the network here: online, whatever HF_HUB_OFFLINE was when huggingface_hub was
    first imported (it reads the variable once; another test sets it). A test module that imports this
    fixture runs every test online."""
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
