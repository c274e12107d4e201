/**
 * OIDC sign-in for the SPA: authorization code flow with PKCE (RFC 7636, S256).
 *
 *   begin:    verifier (64 chars from crypto.getRandomValues), state, nonce -> sessionStorage;
 *             redirect to authorization_endpoint with code_challenge = BASE64URL(SHA256(verifier))
 *   callback: /auth/callback?code&state -> state checked -> POST token_endpoint
 *             (form: grant_type, code, redirect_uri, client_id, code_verifier) -> the id_token's
 *             nonce checked -> the access token becomes the session token
 *
 * The pieces are pure functions (tested in tests/net/oidc.test.ts); `OidcFlow` is the thin
 * shell that touches storage, location and fetch.
 */

import type { AuthConfig } from "./protocol";
import { sha256 } from "../util/sha256";

export type OidcConfig = Extract<AuthConfig, { mode: "oidc" }>;
export type RandomBytes = (n: number) => Uint8Array;

export const CALLBACK_PATH = "/auth/callback";
const STORAGE_KEY = "pryzm.oidc";

const cryptoRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A code verifier: 48 random bytes as base64url, 64 characters of [A-Za-z0-9-_]. */
export function codeVerifier(random: RandomBytes = cryptoRandom): string {
  return base64url(random(48));
}

/** The S256 code challenge: BASE64URL(SHA256(ASCII(verifier))). */
export function codeChallenge(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error("a code verifier is 43-128 unreserved characters");
  return base64url(sha256(verifier));
}

/** An opaque value for `state` and `nonce`. */
export function randomToken(random: RandomBytes = cryptoRandom): string {
  return base64url(random(24));
}

export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  /** Where to go after signing in (the path the user wanted). */
  returnTo: string;
}

export function newLogin(returnTo: string, random: RandomBytes = cryptoRandom): PendingLogin {
  return { state: randomToken(random), nonce: randomToken(random), verifier: codeVerifier(random), returnTo };
}

export function authorizeUrl(config: OidcConfig, login: PendingLogin): string {
  const url = new URL(config.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: "code",
    client_id: config.client_id,
    redirect_uri: config.redirect_uri,
    scope: config.scope || "openid",
    state: login.state,
    nonce: login.nonce,
    code_challenge: codeChallenge(login.verifier),
    code_challenge_method: "S256",
  };
  if (config.audience) params.audience = config.audience;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export class OidcError extends Error {
  override name = "OidcError";
}

/** The authorization code from the callback's query, after checking `state`. */
export function callbackCode(search: string, login: PendingLogin | null): string {
  const q = new URLSearchParams(search);
  const error = q.get("error");
  if (error) throw new OidcError(`The identity provider refused the sign-in: ${q.get("error_description") || error}.`);
  if (!login) throw new OidcError("No sign-in was started in this tab (or it expired). Please sign in again.");
  if (q.get("state") !== login.state) throw new OidcError("The sign-in response does not match this sign-in (state). Please sign in again.");
  const code = q.get("code");
  if (!code) throw new OidcError("The sign-in response has no authorization code.");
  return code;
}

export function tokenRequestBody(config: OidcConfig, code: string, verifier: string): URLSearchParams {
  return new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: config.redirect_uri,
    client_id: config.client_id,
    code_verifier: verifier,
  });
}

/** The claims of a JWT (not verified: the gateway verifies tokens; this only reads `nonce`). */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) throw new OidcError("The identity token is malformed.");
  const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  const text = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  return JSON.parse(text) as Record<string, unknown>;
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  token_type?: string;
  expires_in?: number;
}

/** Exchange the code for tokens; checks the id_token's nonce when there is one. */
export async function exchangeCode(
  fetchImpl: (url: string, init: RequestInit) => Promise<Response>,
  config: OidcConfig,
  code: string,
  login: PendingLogin,
): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await fetchImpl(config.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: tokenRequestBody(config, code, login.verifier).toString(),
    });
  } catch (err) {
    throw new OidcError(`The identity provider cannot be reached: ${err instanceof Error ? err.message : String(err)}`);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string; error_description?: string };
  if (!res.ok || !body.access_token) {
    throw new OidcError(`The identity provider did not issue a token: ${body.error_description || body.error || res.status}.`);
  }
  if (body.id_token && jwtClaims(body.id_token).nonce !== login.nonce) {
    throw new OidcError("The identity token does not belong to this sign-in (nonce). Please sign in again.");
  }
  return body as TokenResponse;
}

export interface FlowStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The browser shell around the pure pieces. */
export class OidcFlow {
  constructor(
    private readonly config: OidcConfig,
    private readonly storage: FlowStorage,
    private readonly fetchImpl: (url: string, init: RequestInit) => Promise<Response> = (u, i) => fetch(u, i),
  ) {}

  /** The URL to send the browser to (the login is remembered for the callback). */
  begin(returnTo: string): string {
    const login = newLogin(returnTo);
    this.storage.setItem(STORAGE_KEY, JSON.stringify(login));
    return authorizeUrl(this.config, login);
  }

  /** Finish on the callback URL: returns the access token and where to go next. */
  async complete(search: string): Promise<{ token: string; returnTo: string }> {
    const raw = this.storage.getItem(STORAGE_KEY);
    this.storage.removeItem(STORAGE_KEY); // one use only
    const login = raw ? (JSON.parse(raw) as PendingLogin) : null;
    const code = callbackCode(search, login);
    const tokens = await exchangeCode(this.fetchImpl, this.config, code, login!);
    return { token: tokens.access_token, returnTo: login!.returnTo || "/" };
  }
}
