import { describe, expect, it } from "vitest";
import { call, json } from "./helpers";

describe("GET /health", () => {
  it("answers ok without a site, a token or storage", async () => {
    expect(await json("/health", 200)).toEqual({ ok: true });
  });

  it("may be read from any origin", async () => {
    const res = await call("/health", { origin: "https://anywhere.example" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
  });
});
