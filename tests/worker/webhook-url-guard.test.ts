// Webhook URLs on a deployed worker (no PARLEY_DEV): a non-public address is refused however it is spelled, since
// the URL parser accepts many spellings of loopback and private addresses that a pattern on the text would miss.
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { createNotifyDeps } from "../../worker/services/notify/context";
import { checkWebhookUrl, testWebhook } from "../../worker/services/notify/webhooks";
import { createStores } from "../../worker/storage";
import { apiRequest, createSite, env, expectInvalid, json } from "./helpers";
import { createWebhook, receiver } from "./notify-helpers";

/** Hosts an attacker with an owner token would try to point deliveries at. */
const NOT_PUBLIC = [
  "https://0x7f.1/hook",
  "https://2130706433/hook",
  "https://0177.0.0.1/hook",
  "https://127.1/hook",
  "https://localhost./hook",
  "https://LOCALHOST/hook",
  "https://admin.localhost../hook",
  "https://0/hook",
  "https://100.64.0.1/hook",
  "https://169.254.169.254/latest/meta-data/",
  "https://172.31.255.255/hook",
  "https://198.18.0.1/hook",
  "https://224.0.0.1/hook",
  "https://255.255.255.255/hook",
  "https://[::]/hook",
  "https://[0:0:0:0:0:0:0:1]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "https://[::ffff:a00:1]/hook",
  "https://[::127.0.0.1]/hook",
  "https://[64:ff9b::10.0.0.1]/hook",
  "https://[2002:c0a8:101::1]/hook",
  "https://[::ffff:0:7f00:1]/hook",
  "https://[64:ff9b:1::a9fe:a9fe]/hook",
  "https://[64:ff9b:1::7f00:1]/hook",
  "https://[2001::8000:7fff:fffe]/hook",
  "https://[2001:db8::1]/hook",
  "https://[100::1]/hook",
  "https://[fd12:3456::1]/hook",
  "https://[fe80::1]/hook",
  "https://[ff02::1]/hook",
];

const PUBLIC = [
  "https://hooks.example.com/parley",
  "https://hooks.example.com./parley",
  "https://93.184.215.14/hook",
  "https://172.32.0.1/hook",
  "https://[2606:4700:4700::1111]/hook",
  "https://[::ffff:93.184.215.14]/hook",
  "https://[64:ff9b::93.184.215.14]/hook",
  "https://[2001:4860:4860::8888]/hook",
  "https://[100:0:0:1::1]/hook",
  "https://localhost.example.com/hook",
];

describe("webhook URLs", () => {
  it("refuses loopback, private, link-local and reserved hosts in every spelling", () => {
    for (const url of NOT_PUBLIC) expect(() => checkWebhookUrl(url, false), url).toThrow("url must be a public https:// URL.");
  });

  it("accepts public hosts, including ones that look like reserved ones", () => {
    for (const url of PUBLIC) expect(() => checkWebhookUrl(url, false), url).not.toThrow();
  });

  it("answers 400 naming the url field when a deployed worker is asked for one", async () => {
    const site = await createSite();
    const app = createApp();
    const deployed = { ...env, PARLEY_DEV: undefined };
    for (const url of ["https://[::ffff:127.0.0.1]/hook", "https://localhost./hook", "https://0x7f.1/hook"]) {
      const res = await app.fetch(apiRequest(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] } }), deployed);
      await expectInvalid(res, "url");
    }
    const listed = await json<{ webhooks: unknown[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken });
    expect(listed.webhooks).toEqual([]);
  });

  it("sends nothing to a stored webhook whose URL a deployed worker would refuse, and says why", async () => {
    // Added while the dev variable was set (as a webhook stored under an older, looser check would be).
    const site = await createSite();
    const hook = receiver();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const record = await createStores(env).sites.get(site.id);
    const delivery = await testWebhook(createNotifyDeps({ ...env, PARLEY_DEV: undefined }), record!, webhook.id);
    expect(delivery).toMatchObject({ status: "failed", lastStatus: null });
    expect(delivery.lastError).toContain("not a public https:// address");
    expect(await hook.received()).toEqual([]);
  });
});
