// The cron handler: delivers events the dispatcher left in the outbox (a crash, a failing subscriber).
import { createDeps } from "./deps";
import type { Bindings } from "./env";
import { redeliver } from "./subscribers/dispatcher";

/** One run at `scheduledTime`; bounded by the dispatcher's batch size, so a backlog drains over several runs. */
export async function runScheduled(env: Bindings, scheduledTime: number) {
  const deps = createDeps(env);
  const result = await redeliver(deps, scheduledTime);
  if (result.failed > 0) console.warn(`outbox: ${result.failed} of ${result.claimed} events failed; they will be retried`);
  return result;
}
