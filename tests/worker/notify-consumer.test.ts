// The notification queue's consumer: a batch's sites are handled side by side and each site's messages in their
// order, so that one site's endpoint that hangs holds up no other site's notifications.
import { describe, expect, it } from "vitest";
import type { NotifyMessage } from "../../worker/contract/notifications";
import { createDeps } from "../../worker/deps";
import { consumeNotifyBatch } from "../../worker/services/notify/queue";
import { env } from "./helpers";

/** A queue message as the consumer sees it, recording what was done with it. */
function message(body: NotifyMessage, done: string[]) {
  const id = `${body.siteId}:${body.kind === "replies" ? body.threadKey : body.kind}`;
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
});
