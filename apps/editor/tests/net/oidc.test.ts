import { describe, expect, it, vi } from "vitest";
import {
  authorizeUrl,
  base64url,
  callbackCode,
  codeChallenge,
  codeVerifier,
  exchangeCode,
  newLogin,
  OidcError,
  OidcFlow,
  type OidcConfig,
} from "../../src/net/oidc";

const config: OidcConfig = {
  mode: "oidc",
  issuer: "https://id.example.org/realms/pryzm",
  client_id: "pryzm-editor",
  authorization_endpoint: "https://id.example.org/auth?prompt=login",
  token_endpoint: "https://id.example.org/token",
  redirect_uri: "https://pryzm.example.org/auth/callback",
  scope: "openid profile",
  audience: "pryzm-api",
};

const jwt = (claims: object) => `h.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.s`;
const s256 = async (v: string) => base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(v))));

describe("PKCE", () => {
  it("computes the RFC 7636 appendix B challenge", () => {
    expect(codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("code_challenge = BASE64URL(SHA256(verifier)) for random verifiers (checked with WebCrypto)", async () => {
    for (let i = 0; i < 20; i++) {
      const v = codeVerifier();
      expect(codeChallenge(v)).toBe(await s256(v));
    }
  });

  it("makes verifiers of 43-128 unreserved characters from crypto.getRandomValues", () => {
    const spy = vi.spyOn(crypto, "getRandomValues");
    const v = codeVerifier();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(v).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(v).toHaveLength(64);
    expect(new Set(Array.from({ length: 50 }, () => codeVerifier())).size).toBe(50);
  });

  it("refuses verifiers outside the allowed length or alphabet", () => {
    expect(() => codeChallenge("short")).toThrow();
    expect(() => codeChallenge("x".repeat(129))).toThrow();
    expect(() => codeChallenge(`${"x".repeat(43)}+`)).toThrow();
  });

  it("encodes base64url without padding", () => {
    expect(base64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe("-__-");
    expect(base64url(new Uint8Array([1]))).toBe("AQ");
  });
});

describe("the authorization request and the callback", () => {
  const random = (n: number) => new Uint8Array(n).map((_, i) => i);

  it("carries client, redirect, scope, state, nonce, audience and the S256 challenge", async () => {
    const login = newLogin("/p/abc", random);
    const url = new URL(authorizeUrl(config, login));
    const q = url.searchParams;
    expect(url.origin + url.pathname).toBe("https://id.example.org/auth");
    expect(q.get("prompt")).toBe("login"); // the endpoint's own query survives
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe("pryzm-editor");
    expect(q.get("redirect_uri")).toBe(config.redirect_uri);
    expect(q.get("scope")).toBe("openid profile");
    expect(q.get("state")).toBe(login.state);
    expect(q.get("nonce")).toBe(login.nonce);
    expect(q.get("audience")).toBe("pryzm-api");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toBe(await s256(login.verifier));
  });

  it("checks state on the callback", () => {
    const login = newLogin("/");
    expect(callbackCode(`?code=abc&state=${login.state}`, login)).toBe("abc");
    expect(() => callbackCode("?code=abc&state=forged", login)).toThrow(OidcError);
    expect(() => callbackCode("?code=abc&state=x", null)).toThrow(/No sign-in was started/);
    expect(() => callbackCode("?error=access_denied&error_description=Nope", login)).toThrow(/Nope/);
  });

  it("exchanges the code with the verifier (form POST) and checks the id_token's nonce", async () => {
    const login = newLogin("/");
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ access_token: "at", id_token: jwt({ nonce: login.nonce }) }), { status: 200 }));
    const tokens = await exchangeCode(fetchImpl, config, "the-code", login);
    expect(tokens.access_token).toBe("at");
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(config.token_endpoint);
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/x-www-form-urlencoded");
    const body = new URLSearchParams(init.body as string);
    expect(Object.fromEntries(body)).toEqual({
      grant_type: "authorization_code",
      code: "the-code",
      redirect_uri: config.redirect_uri,
      client_id: "pryzm-editor",
      code_verifier: login.verifier,
    });
  });

  it("refuses a token whose nonce is not ours, and reports provider errors", async () => {
    const login = newLogin("/");
    const wrong = vi.fn(async () => new Response(JSON.stringify({ access_token: "at", id_token: jwt({ nonce: "other" }) })));
    await expect(exchangeCode(wrong, config, "c", login)).rejects.toThrow(/nonce/);
    const bad = vi.fn(async () => new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 }));
    await expect(exchangeCode(bad, config, "c", login)).rejects.toThrow(/invalid_grant/);
  });

  it("runs the whole flow once: begin stores the login, complete uses and forgets it", async () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ access_token: "session-token" })));
    const flow = new OidcFlow(config, storage, fetchImpl);
    const state = new URL(flow.begin("/p/42")).searchParams.get("state");
    await expect(flow.complete(`?code=c1&state=${state}`)).resolves.toEqual({ token: "session-token", returnTo: "/p/42" });
    await expect(flow.complete(`?code=c1&state=${state}`)).rejects.toThrow(OidcError); // replay
  });
});
