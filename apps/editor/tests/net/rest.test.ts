import { describe, expect, it, vi } from "vitest";
import { ApiError, RestClient } from "../../src/net/rest";

function client(respond: (url: string, init: RequestInit) => Response, token: string | null = "tok") {
  const calls: { url: string; init: RequestInit }[] = [];
  const onUnauthorized = vi.fn();
  const rest = new RestClient({
    getToken: () => token,
    onUnauthorized,
    fetch: async (url, init = {}) => {
      calls.push({ url, init });
      return respond(url, init);
    },
  });
  return { rest, calls, onUnauthorized };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("RestClient", () => {
  it("sends the bearer token and JSON bodies", async () => {
    const { rest, calls } = client(() => json(201, { id: "p1", name: "House" }));
    expect(await rest.createProject("House")).toEqual({ id: "p1", name: "House" });
    expect(calls[0]!.url).toBe("/v1/projects");
    expect(calls[0]!.init.method).toBe("POST");
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer tok");
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ name: "House" });
  });

  it("turns the error shape into an ApiError with code and message", async () => {
    const { rest } = client(() => json(422, { error: { code: "invalid_name", message: "Name is empty.", details: { field: "name" } } }));
    const err = await rest.createProject("").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: "invalid_name", message: "Name is empty.", details: { field: "name" } });
  });

  it("calls onUnauthorized on 401", async () => {
    const { rest, onUnauthorized } = client(() => json(401, { error: { code: "unauthorized", message: "Bad token." } }));
    await expect(rest.listProjects()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("maps 404 no_bake to null, other 404s to errors", async () => {
    const noBake = client(() => json(404, { error: { code: "no_bake", message: "Nothing baked yet." } }));
    expect(await noBake.rest.latestBake("p1")).toBeNull();
    const missing = client(() => json(404, { error: { code: "not_found", message: "No such project." } }));
    await expect(missing.rest.latestBake("p1")).rejects.toMatchObject({ code: "not_found" });
  });

  it("reports network failures and non-JSON errors in words", async () => {
    const down = new RestClient({ getToken: () => null, onUnauthorized: () => {}, fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    await expect(down.me()).rejects.toMatchObject({ code: "network" });
    const { rest } = client(() => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    await expect(rest.me()).rejects.toMatchObject({ status: 502, code: "http_502" });
  });

  it("accepts a project list as an array or wrapped in {projects}", async () => {
    const a = client(() => json(200, [{ id: "p1", name: "A" }]));
    const b = client(() => json(200, { projects: [{ id: "p2", name: "B" }] }));
    expect((await a.rest.listProjects()).map((p) => p.id)).toEqual(["p1"]);
    expect((await b.rest.listProjects()).map((p) => p.id)).toEqual(["p2"]);
  });
});
