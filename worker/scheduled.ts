// The cron handler: delivers events the dispatcher left in the outbox (a crash, a failing subscriber), and
// queues again webhook deliveries, reply e-mails and owners' digests whose queue messages never came or were given
// up on; and deletes one-click moderation links a month after they expired, and webhook deliveries a month after
// they were delivered or given up on.
import { createDeps } from "./deps";
import type { Bindings } from "./env";
import { requeueOverdueDigests } from "./services/notify/digest";
import { pruneModerationLinks } from "./services/notify/links";
import { requeueOverdueReplies } from "./services/notify/replies";
import { pruneDeliveries, requeueOverdue } from "./services/notify/webhooks";
import { redeliver } from "./subscribers/dispatcher";

/** One run at `scheduledTime`; bounded by the dispatcher's batch size, so a backlog drains over several runs. */
export async function runScheduled(env: Bindings, scheduledTime: number) {
  const deps = createDeps(env);
  const result = await redeliver(deps, scheduledTime);
  if (result.failed > 0) console.warn(`outbox: ${result.failed} of ${result.claimed} events failed; they will be retried`);
  const requeued = await requeueOverdue(deps.notify, scheduledTime);
  if (requeued > 0) console.warn(`webhooks: queued ${requeued} overdue deliveries again`);
  const replies = await requeueOverdueReplies(deps, deps.notify, scheduledTime);
  if (replies > 0) console.warn(`reply e-mails: queued ${replies} overdue ones again`);
  const digests = await requeueOverdueDigests(deps, deps.notify, scheduledTime);
  if (digests > 0) console.warn(`digests: queued ${digests} overdue ones again`);
  await pruneModerationLinks(deps.notify, scheduledTime);
  await pruneDeliveries(deps.notify, scheduledTime);
  return result;
}
