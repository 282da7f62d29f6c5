// Which methods a path has routes for, so that a request with another method is told so (405 and Allow) instead of
// being told the route does not exist. Read from the app's own route table, compiled once per isolate.

/** A route as Hono lists it (`app.routes`): middleware is registered for the method ALL. */
interface RouteEntry {
  method: string;
  path: string;
}

/** A Hono path pattern as a regular expression: `:name` is one segment, `:name{re}` its own pattern, `*` the rest. */
function patternOf(path: string): RegExp {
  const parts = path.split("/").map((segment) => {
    if (segment === "*") return ".*";
    const param = segment.match(/^:[A-Za-z_]\w*(?:\{(.+)\})?(\?)?$/);
    if (param) return `(?:${param[1] ?? "[^/]+"})${param[2] ?? ""}`;
    return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${parts.join("/")}$`);
}

/** A function that lists, in a fixed order, the methods `routes` answer on a path (HEAD with GET); [] for none. */
export function methodsOf(routes: RouteEntry[]): (path: string) => string[] {
  let compiled: { method: string; pattern: RegExp }[] | null = null;
  const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
  return (path) => {
    compiled ??= routes.filter((r) => r.method !== "ALL").map((r) => ({ method: r.method, pattern: patternOf(r.path) }));
    const found = new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (found.has("GET")) found.add("HEAD");
    return order.filter((m) => found.has(m));
  };
}
