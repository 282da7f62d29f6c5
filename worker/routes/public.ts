// Public routes under /api/v1/sites/{site}: what the widget reads and the comment POST.
import { Hono } from "hono";
import * as z from "zod";
import { articleListQuerySchema, countsQuerySchema, postCommentSchema, slugSchema, threadKeySchema, threadQuerySchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { getArticle, listArticles } from "../services/articles";
import { countThreads, listThread, postComment } from "../services/comments";
import { toPublicSite } from "../services/sites";
import { valid } from "./middleware";

const threadParam = z.object({ thread: threadKeySchema });
const slugParam = z.object({ slug: slugSchema });

export const publicRoutes = new Hono<AppEnv>()
  .get("/", (c) => c.json(toPublicSite(c.get("site"))))

  .get("/articles", valid("query", articleListQuerySchema), async (c) =>
    c.json(await listArticles(c.get("deps"), c.get("site"), c.req.valid("query"))),
  )

  .get("/articles/:slug", valid("param", slugParam), async (c) =>
    c.json(await getArticle(c.get("deps"), c.get("site"), c.req.valid("param").slug)),
  )

  .get("/threads/:thread/comments", valid("param", threadParam), valid("query", threadQuerySchema), async (c) =>
    c.json(await listThread(c.get("deps"), c.get("site"), c.req.valid("param").thread, c.req.valid("query"))),
  )

  .post("/threads/:thread/comments", valid("param", threadParam), valid("json", postCommentSchema), async (c) => {
    const { comment, editToken, replayed } = await postComment(
      c.get("deps"),
      c.get("site"),
      c.req.valid("param").thread,
      c.req.valid("json"),
    );
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json({ comment, editToken }, 201);
  })

  .get("/counts", valid("query", countsQuerySchema), async (c) =>
    c.json({ counts: await countThreads(c.get("deps"), c.get("site"), c.req.valid("query").threads) }),
  );
