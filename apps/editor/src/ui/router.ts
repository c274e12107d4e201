/** History-API routes: `/` is the project hub, `/p/<projectId>` the editor. */

export type Route = { name: "hub" } | { name: "editor"; projectId: string };

export function parseRoute(pathname: string): Route {
  const m = /^\/p\/([^/]+)\/?$/.exec(pathname);
  if (m) return { name: "editor", projectId: decodeURIComponent(m[1]!) };
  return { name: "hub" };
}

export function routePath(route: Route): string {
  return route.name === "editor" ? `/p/${encodeURIComponent(route.projectId)}` : "/";
}
