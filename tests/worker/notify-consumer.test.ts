// The notification queue's consumer: lanes side by side (each webhook's deliveries, each site's e-mails), each lane's
// messages in their order, so that one endpoint that hangs holds up nothing but its own lane.
import { describe, expect, it } from "vitest";
import type { NotifyMessage } from "../../worker/contract/notifications";
import { createDeps } from "../../worker/deps";
import { consumeNotifyBatch } from "../../worker/services/notify/queue";
import { env } from "./helpers";

const idOf = (m: NotifyMessage) => `${m.siteId}:${m.kind === "replies" ? m.threadKey : m.kind === "webhook" ? m.deliveryId : m.kind}`;

/** A queue message as the consumer sees it, recording what was done with it. */
function message(body: NotifyMessage, done: string[]) {
  const id = idOf(body);
  return { id, timestamp: new Date(), attempts: 1, body, ack: () => done.push(`ack ${id}`), retry: () => done.push(`retry ${id}`) };
}

describe("consumeNotifyBatch", () => {
  it("handles another site's message while one site's first message still waits, and each site's in order", async () => {
    const done: string[] = [];
    const handled: string[] = [];
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const replies = (siteId: string, threadKey: string): NotifyMessage => ({ kind: "replies", siteId, subscriberId: "s", threadKey });
    const batch = {
      queue: "parley-notify",
      messages: [message(replies("a", "1"), done), message(replies("a", "2"), done), message(replies("b", "1"), done)],
      ackAll: () => {},
      retryAll: () => {},
    } as unknown as MessageBatch<NotifyMessage>;
    const deps = createDeps(env);
    const consumed = consumeNotifyBatch(batch, deps, deps.notify, async (_d, _n, m) => {
      const id = `${m.siteId}:${m.kind === "replies" ? m.threadKey : m.kind}`;
      handled.push(id);
      // Site a's first message hangs until site b's has been handled: one after another, this never ends.
      if (id === "a:1") await hanging;
      if (id === "b:1") release();
      return id === "a:2" ? 30 : null;
    });
    await consumed;
    expect(handled.indexOf("b:1")).toBeLessThan(handled.indexOf("a:2"));
    expect(handled.filter((h) => h.startsWith("a:"))).toEqual(["a:1", "a:2"]);
    expect(done.sort()).toEqual(["ack a:1", "ack b:1", "retry a:2"]);
  });

  it("sends another webhook's deliveries and the site's e-mails while one webhook of the same site hangs, each webhook's in order", async () => {
    const done: string[] = [];
    const handled: string[] = [];
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const hook = (webhookId: string, deliveryId: string): NotifyMessage => ({ kind: "webhook", siteId: "a", webhookId, deliveryId });
    const messages = [hook("stuck", "s1"), hook("stuck", "s2"), hook("ok", "o1"), hook("ok", "o2"), { kind: "digest", siteId: "a" } as NotifyMessage];
    const batch = { queue: "parley-notify", messages: messages.map((m) => message(m, done)), ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<NotifyMessage>;
    const deps = createDeps(env);
    await consumeNotifyBatch(batch, deps, deps.notify, async (_d, _n, m) => {
      const id = idOf(m);
      handled.push(id);
      // The stuck webhook's first delivery waits until the other webhook's and the digest have gone.
      if (id === "a:s1") await hanging;
      if (handled.includes("a:o2") && handled.includes("a:digest")) release();
      return null;
    });
    expect(handled.indexOf("a:o2")).toBeLessThan(handled.indexOf("a:s2"));
    expect(handled.indexOf("a:digest")).toBeLessThan(handled.indexOf("a:s2"));
    expect(handled.filter((h) => h === "a:s1" || h === "a:s2")).toEqual(["a:s1", "a:s2"]);
    expect(handled.filter((h) => h === "a:o1" || h === "a:o2")).toEqual(["a:o1", "a:o2"]);
    expect(done).toHaveLength(5);
  });
});
