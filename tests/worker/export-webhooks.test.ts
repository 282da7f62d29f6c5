// The owner export's webhooks part: where each webhook sends what and whether it is paused, never its secret.
import { describe, expect, it } from "vitest";
import { createSite, env, expectError, json, call } from "./helpers";
import { createWebhook } from "./notify-helpers";

describe("GET /sites/{site}/export?part=webhooks", () => {
  it("lists the site's webhooks with their events, format and paused state, and no secret", async () => {
    const { id, ownerToken } = await createSite();
    const first = await createWebhook(id, ownerToken, { url: "https://hooks.example.com/one", events: ["comment.created", "comment.pending"] });
    const second = await createWebhook(id, ownerToken, { url: "https://hooks.slack.example/two", events: ["comment.spam"], format: "slack" });
    await env.DB.prepare("UPDATE webhooks SET paused_at = ?3, paused_reason = 'HTTP 500 ten times' WHERE site_id = ?1 AND id = ?2")
      .bind(id, second.webhook.id, Date.UTC(2026, 10, 1))
      .run();
    const res = await call(`/sites/${id}/export?part=webhooks`, { token: ownerToken });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const page = JSON.parse(text);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      {
        id: first.webhook.id,
        url: "https://hooks.example.com/one",
        events: ["comment.created", "comment.pending"],
        format: "json",
        pausedAt: null,
        pausedReason: null,
        createdAt: first.webhook.createdAt,
      },
      {
        id: second.webhook.id,
        url: "https://hooks.slack.example/two",
        events: ["comment.spam"],
        format: "slack",
        pausedAt: "2026-11-01T00:00:00.000Z",
        pausedReason: "HTTP 500 ten times",
        createdAt: second.webhook.createdAt,
      },
    ]);
    expect(text).not.toContain(first.secret);
    expect(text).not.toContain(second.secret);
    const salts = await env.DB.prepare("SELECT secret_salt FROM webhooks WHERE site_id = ?1").bind(id).all<{ secret_salt: string }>();
    for (const { secret_salt } of salts.results) expect(text).not.toContain(secret_salt);
  });

  it("answers an empty list for a site without webhooks, and only the site's own", async () => {
    const other = await createSite();
    await createWebhook(other.id, other.ownerToken, { url: "https://hooks.example.com/other" });
    const { id, ownerToken } = await createSite();
    expect(await json(`/sites/${id}/export?part=webhooks`, 200, { token: ownerToken })).toEqual({ items: [], nextCursor: null });
  });

  it("is the owner's only", async () => {
    const { id } = await createSite();
    const other = await createSite();
    await expectError(await call(`/sites/${id}/export?part=webhooks`, { token: other.ownerToken }), 403, "FORBIDDEN");
    await expectError(await call(`/sites/${id}/export?part=webhooks`), 401, "UNAUTHORIZED");
  });
});
