"""A test OpenID Connect issuer on loopback: its own RSA key, a discovery document, a JWKS,
and tokens minted on demand. Its authorization endpoint records what the SPA sends; with
`sign_in_as` set it approves at once and redirects back with a code, and its token endpoint
exchanges that code only for the verifier whose S256 digest is the code_challenge (PKCE)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class LoopbackIssuer:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        self.authorize_requests: list[dict[str, list[str]]] = []
        self.token_requests: list[dict[str, str]] = []
        self.token_refusals: list[str] = []
        self.sign_in_as: dict[str, str] | None = None  # {"sub", "name"}: approve at once
        self._codes: dict[str, dict[str, str]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackIssuer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict[str, Any]:
        return {"issuer": self.url, "jwks_uri": f"{self.url}/jwks",
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "response_types_supported": ["code"],
                "code_challenge_methods_supported": ["S256"],
                "id_token_signing_alg_values_supported": ["RS256"]}

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def token(self, *, sub: str = "user-1", aud: str = "pryzm-editor", iss: str | None = None,
              expires_in: int = 600, name: str = "Olivia OIDC", key=None,
              **extra: Any) -> str:
        now = int(time.time())
        claims = {"iss": iss or self.url, "sub": sub, "aud": aud, "iat": now,
                  "exp": now + expires_in, "name": name, **extra}
        return jwt.encode(claims, key or self.key, algorithm="RS256",
                          headers={"kid": self.kid})

    def _approve(self, query: dict[str, str]) -> str:
        """The redirect back to the client with a fresh one-time code."""
        code = secrets.token_urlsafe(16)
        self._codes[code] = {**query, **(self.sign_in_as or {})}
        return (f"{query['redirect_uri']}?code={code}&state={query.get('state', '')}")

    def _exchange(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        grant = self._codes.pop(form.get("code", ""), None)
        problem = None
        if form.get("grant_type") != "authorization_code":
            problem = "grant_type"
        elif grant is None:
            problem = "unknown or used code"
        elif form.get("redirect_uri") != grant["redirect_uri"]:
            problem = "redirect_uri"
        elif form.get("client_id") != grant["client_id"]:
            problem = "client_id"
        elif grant.get("code_challenge_method") != "S256":
            problem = "code_challenge_method"
        else:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
                problem = "code_verifier does not match code_challenge"
        if problem:
            self.token_refusals.append(problem)
            return 400, {"error": "invalid_grant", "error_description": problem}
        access = self.token(sub=grant["sub"], name=grant["name"],
                            aud=grant.get("audience") or grant["client_id"])
        identity = self.token(sub=grant["sub"], name=grant["name"], aud=grant["client_id"],
                              nonce=grant.get("nonce"))
        return 200, {"access_token": access, "id_token": identity, "token_type": "Bearer",
                     "expires_in": 600}

    def _handler(self):
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path = urlsplit(self.path)
                if path.path == "/.well-known/openid-configuration":
                    self._json(issuer.discovery())
                elif path.path == "/jwks":
                    self._json(issuer.jwks())
                elif path.path == "/authorize":
                    issuer.authorize_requests.append(parse_qs(path.query))
                    if issuer.sign_in_as is not None:
                        query = {k: v[0] for k, v in parse_qs(path.query).items()}
                        self.send_response(302)
                        self.send_header("Location", issuer._approve(query))
                        self.end_headers()
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>test issuer login page</body></html>")
                else:
                    self.send_response(404)
                    self.end_headers()

            def do_POST(self) -> None:  # noqa: N802
                if urlsplit(self.path).path != "/token":
                    self.send_response(404)
                    self.end_headers()
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                status, answer = issuer._exchange(form)
                self._json(answer, status)

            def _json(self, body: dict[str, Any], status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Access-Control-Allow-Origin", "*")  # the SPA's token call
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
