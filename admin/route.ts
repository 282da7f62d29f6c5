// The dashboard's addresses: a section per hash (`#/settings`), and for the queue a tab (`#/queue/spam`), so Back,
// Forward, reloads and shared links work. The token is never part of one.
import type { CommentStatus } from "./api/moderation";

export const SECTIONS = [
  ["queue", "Queue"],
  ["content", "Threads & articles"],
  ["glance", "At a glance"],
  ["bans", "Bans"],
  ["audit", "Audit log"],
  ["settings", "Settings"],
] as const;
export type Section = (typeof SECTIONS)[number][0];

/** The queue's tabs, in order; Pending is the queue's own address. */
export const QUEUE_TABS: [CommentStatus, string][] = [
  ["pending", "Pending"],
  ["published", "Published"],
  ["spam", "Spam"],
  ["rejected", "Rejected"],
  ["deleted", "Deleted"],
];

/**
 * Where an address leads: its section, the queue's tab (Pending unless it names another), and the one thread the
 * queue shows (`?thread=`, percent-encoded; null for all). Any hash the dashboard does not know is the queue, so an
 * old or mistyped link still opens.
 */
export function routeOf(hash: string): { section: Section; tab: CommentStatus; thread: string | null } {
  const [path, search = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const [id, sub] = path.split("/");
  const section = SECTIONS.find(([s]) => s == id)?.[0] ?? "queue";
  const tab = (section == "queue" && QUEUE_TABS.find(([s]) => s == sub)?.[0]) || "pending";
  const thread = section == "queue" ? new URLSearchParams(search).get("thread") || null : null;
  return { section, tab, thread };
}

/** Whether an address names a section (`#/audit`, `#/queue/spam`); one that names none shows the queue. */
export const namesSection = (hash: string) => SECTIONS.some(([s]) => s == hash.replace(/^#\/?/, "").split(/[/?]/)[0]);

/** The address of one of the queue's tabs, for one thread or all of them. */
export const queueTabHash = (tab: CommentStatus, thread: string | null = null) =>
  `${tab == "pending" ? "#/queue" : `#/queue/${tab}`}${thread ? `?${new URLSearchParams({ thread })}` : ""}`;
