// The cron handler: delivers events the dispatcher left in the outbox (a crash, a failing subscriber), and
// queues again webhook deliveries whose queue message never came.
import { createDeps } from "./deps";
import type { Bindings } from "./env";
import { requeueOverdue } from "./services/notify/webhooks";
import { redeliver } from "./subscribers/dispatcher";

/** One run at `scheduledTime`; bounded by the dispatcher's batch size, so a backlog drains over several runs. */
export async function runScheduled(env: Bindings, scheduledTime: number) {
  const deps = createDeps(env);
  const result = await redeliver(deps, scheduledTime);
  if (result.failed > 0) console.warn(`outbox: ${result.failed} of ${result.claimed} events failed; they will be retried`);
  const requeued = await requeueOverdue(deps.notify, scheduledTime);
  if (requeued > 0) console.warn(`webhooks: queued ${requeued} overdue deliveries again`);
  return result;
}
