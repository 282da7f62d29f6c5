// `parley sites create` names its own arguments, not the API's fields, when the worker refuses one.
import { describe, expect, it } from "vitest";
import { adminToken, parley, parleyJson } from "./harness";

describe("parley sites create: a refused argument", () => {
  it("names the --origin it means, with its value, as a usage error that creates nothing", async () => {
    const id = `flags-${Date.now().toString(36)}`;
    const run = await parley(["sites", "create", id, "--name", "Flags", "--origin", "https://ok.example", "--origin", "https://a b"], { token: adminToken() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'parley: --origin "https://a b": Must be an origin such as https://blog.example.com (scheme, host and optional port; no path or trailing slash).\n',
    );
    const { sites } = await parleyJson<{ sites: { id: string }[] }>(["sites", "list"], adminToken());
    expect(sites.map((s) => s.id)).not.toContain(id);
  });

  it("names the site id and --name, each on its own line", async () => {
    const run = await parley(["sites", "create", "Bad_Id", "--name", ""], { token: adminToken() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("parley: the site id: Use 1-64 lowercase letters, digits and dashes.\n  --name: Must not be empty.\n");
  });
});
