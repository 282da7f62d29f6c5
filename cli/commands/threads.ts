// `parley threads …`: the site's threads with their counts, and locking one against new comments.
import type { Command } from "commander";
import { listAll, paths } from "../api.ts";
import { contextOf, UsageError } from "../context.ts";
import { typedThreadKey as threadKey } from "../import/mapping.ts";
import { cliCommand, count, printJson, printList } from "../output.ts";

type ThreadRow = {
  key: string;
  commentCount: number;
  locked: boolean;
  closed: boolean;
  createdAt?: string;
};

export function registerThreads(program: Command) {
  const threads = program.command("threads").description("List threads; lock or unlock one against new comments (owner token)");
  threads
    .command("list")
    .description("List the site's threads, newest first, with published-comment counts; closed also covers auto-close")
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const { items: all } = await listAll<ThreadRow>(ctx.api, `${paths.site(ctx.site())}/threads`, "threads");
      printList(ctx.json, { threads: all }, all, ["key", "commentCount", "locked", "closed", "createdAt"]);
    });
  for (const [name, locked] of [["lock", true], ["unlock", false]] as const) {
    threads
      .command(name)
      .description(locked ? "Lock a thread: readers see its comments but cannot post" : "Unlock a thread")
      .argument("<key>", "the thread's key (an article's slug, or the page's path, as typed or as the browser spells it)")
      .action(async (key: string, _opts: unknown, cmd: Command) => {
        const ctx = contextOf(cmd);
        if (!key.trim()) throw new UsageError("Name the thread: its key (an article's slug, or the page's path).");
        const path = paths.thread(ctx.site(), threadKey(key));
        // `changed` is false for a thread that was already so (the worker then wrote nothing).
        const { thread, changed } = await ctx.api.send<{ thread: ThreadRow; changed: boolean }>("PUT", path, { locked });
        if (ctx.json) return printJson({ ...thread, changed });
        const still = !locked && thread.closed ? " It stays closed: auto-close (autoCloseDays) has passed." : "";
        // A key no thread had makes one (a page locked before its first comment), which a typo makes too.
        const none = thread.commentCount === 0 ? ` No comments: if that is not the thread you meant, ${cliCommand("threads list")} shows the site's threads.` : "";
        const done = !changed ? `${thread.key} was already ${locked ? "locked" : "unlocked"}` : `${locked ? "Locked" : "Unlocked"} ${thread.key}`;
        console.log(`${done} (${count(thread.commentCount, "comment")}).${still}${none}`);
      });
  }
}
