// Owner routes the dashboard reads with: the settings as the owner sees them, the at-a-glance stats, the thread list,
// an article's markdown source, and a preview of markdown rendered exactly as a publish would.
import { previewSchema } from "../contract/dashboard";
import { slugParamSchema, threadListQuerySchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { articleSource, listThreads, preview, siteStats } from "../services/dashboard";
import { toSiteView } from "../services/sites";
import { accessGroup, requireOwner, valid } from "./middleware";

/** Owner routes: the owner token, checked once by the group. */
export const dashboardRoutes = accessGroup(requireOwner)
  .get("/settings", (c) => c.json({ site: toSiteView(c.get("site")) }))

  .get("/stats", async (c) => c.json(await siteStats(c.get("deps"), c.get("site"))))

  .get("/threads", valid("query", threadListQuerySchema), async (c) =>
    c.json(await listThreads(c.get("deps"), c.get("site"), c.req.valid("query"))),
  )

  .get("/articles/:slug/source", valid("param", slugParamSchema), async (c) =>
    c.json({ article: await articleSource(c.get("deps"), c.get("site"), c.req.valid("param").slug) }),
  )

  .post("/articles/preview", valid("json", previewSchema), (c) => c.json(preview(c.req.valid("json"))));
