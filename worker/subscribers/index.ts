// The one place subscribers are registered. A new reaction to writes (webhooks, e-mails, live threads) is a
// new entry here, never an edit to the services that make the writes.
import { cacheInvalidation } from "./cache";
import { notifications } from "./notifications";
import type { Subscriber } from "./types";

export type { Subscriber };

export const SUBSCRIBERS: readonly Subscriber[] = [cacheInvalidation, notifications];
