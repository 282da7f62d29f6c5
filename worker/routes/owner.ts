// Owner routes under /api/v1/sites/{site}: settings, token rotation, publishing. Each one requires the owner token.
import { Hono } from "hono";
import * as z from "zod";
import { putArticleSchema, slugSchema, updateSiteSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { deleteArticle, putArticle } from "../services/articles";
import { rotateOwnerToken, updateSite } from "../services/sites";
import { requireOwner, valid } from "./middleware";

const slugParam = z.object({ slug: slugSchema });

export const ownerRoutes = new Hono<AppEnv>()
  .patch("/", requireOwner, valid("json", updateSiteSchema), async (c) =>
    c.json({ site: await updateSite(c.get("deps"), c.get("site"), c.req.valid("json")) }),
  )

  .post("/token", requireOwner, async (c) => c.json({ ownerToken: await rotateOwnerToken(c.get("deps"), c.get("site")) }))

  .put("/articles/:slug", requireOwner, valid("param", slugParam), valid("json", putArticleSchema), async (c) => {
    const { article, created } = await putArticle(c.get("deps"), c.get("site"), c.req.valid("param").slug, c.req.valid("json"));
    return c.json({ article }, created ? 201 : 200);
  })

  .delete("/articles/:slug", requireOwner, valid("param", slugParam), async (c) => {
    await deleteArticle(c.get("deps"), c.get("site"), c.req.valid("param").slug);
    return c.body(null, 204);
  });
