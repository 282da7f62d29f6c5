// Owner routes the dashboard reads with: the settings as the owner sees them, the at-a-glance stats, the thread list,
// an article's markdown source, and a preview of markdown rendered exactly as a publish would.
import { Hono } from "hono";
import { previewSchema } from "../contract/dashboard";
import { pageQuerySchema, slugParamSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { articleSource, listThreads, preview, siteStats } from "../services/dashboard";
import { toSiteView } from "../services/sites";
import { requireOwner, valid } from "./middleware";

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/settings", requireOwner, (c) => c.json({ site: toSiteView(c.get("site")) }))

  .get("/stats", requireOwner, async (c) => c.json(await siteStats(c.get("deps"), c.get("site"))))

  .get("/threads", requireOwner, valid("query", pageQuerySchema), async (c) =>
    c.json(await listThreads(c.get("deps"), c.get("site"), c.req.valid("query"))),
  )

  .get("/articles/:slug/source", requireOwner, valid("param", slugParamSchema), async (c) =>
    c.json({ article: await articleSource(c.get("deps"), c.get("site"), c.req.valid("param").slug) }),
  )

  .post("/articles/preview", requireOwner, valid("json", previewSchema), (c) => c.json(preview(c.req.valid("json"))));
