// Owner routes under /api/v1/sites/{site}: settings, token rotation, publishing and moderation.
// Each one requires the site's owner token.
import {
  banParamSchema as banParam,
  bulkActionSchema,
  commentParamSchema as idParam,
  createBanSchema,
  moderationActionParamSchema,
  moderationQuerySchema,
  moderatorEditSchema,
  moderationVersionQuerySchema as versionQuery,
  pageQuerySchema,
  putArticleSchema,
  createOnlyHeaderSchema,
  slugParamSchema as slugParam,
  threadParamSchema as threadParam,
  threadSettingsSchema,
  updateSiteSchema,
} from "../contract/schemas";
import type { AppEnv } from "../env";
import { deleteArticle, putArticle } from "../services/articles";
import { listAudit } from "../services/audit";
import { createBan, deleteBan, listBans } from "../services/bans";
import { editAsModerator, listQueue, moderate, moderateOne, setThreadLock } from "../services/moderation";
import { ownerActor } from "../services/events";
import { blockedWordProblems, blockedWordsOf, rotateOwnerToken, updateSite } from "../services/sites";
import { accessGroup, requireOwner, requireOwnerOrAdmin, valid } from "./middleware";

/**
 * Rotating the owner token: the owner, or the admin token as the operator's rescue for an owner who lost it
 * (the audit log records which of the two acted).
 */
export const tokenRoutes = accessGroup(requireOwnerOrAdmin).post("/token", async (c) =>
  c.json({ ownerToken: await rotateOwnerToken(c.get("deps"), c.get("site"), c.get("actor")) }),
);

/** Every route here needs the site's owner token, checked once by the group. */
export const ownerRoutes = accessGroup(requireOwner)
  // A list of blocked words is checked by the service too: a refused body hears of its words that match nothing as well.
  .patch("/", valid("json", updateSiteSchema, (c, body) => blockedWordProblems(blockedWordsOf(body), c.get("site").settings.blockedWords)), async (c) =>
    c.json({ site: await updateSite(c.get("deps"), c.get("site"), c.req.valid("json"), c.get("actor")) }),
  )

  // `If-None-Match: *` publishes only a new article: a slug the site has is 409 ARTICLE_EXISTS.
  .put("/articles/:slug", valid("param", slugParam), valid("header", createOnlyHeaderSchema), valid("json", putArticleSchema), async (c) => {
    const createOnly = c.req.valid("header")["if-none-match"] !== undefined;
    const { article, created } = await putArticle(c.get("deps"), c.get("site"), c.req.valid("param").slug, c.req.valid("json"), c.get("actor"), createOnly);
    return c.json({ article }, created ? 201 : 200);
  })

  .delete("/articles/:slug", valid("param", slugParam), async (c) => {
    await deleteArticle(c.get("deps"), c.get("site"), c.req.valid("param").slug, c.get("actor"));
    return c.body(null, 204);
  })

  .get("/moderation/comments", valid("query", moderationQuerySchema), async (c) =>
    c.json(await listQueue(c.get("deps"), c.get("site"), c.req.valid("query"))),
  )

  // `?version=` (and a bulk action's `versions`): what the moderator saw; a comment changed since is left alone.
  .patch("/moderation/comments/:id", valid("param", idParam), valid("query", versionQuery), valid("json", moderatorEditSchema), async (c) =>
    c.json({
      comment: await editAsModerator(
        c.get("deps"),
        c.get("site"),
        c.get("actor"),
        c.req.valid("param").id,
        c.req.valid("json").body,
        c.req.valid("query").version,
      ),
    }),
  )

  .delete("/moderation/comments/:id", valid("param", idParam), valid("query", versionQuery), async (c) =>
    c.json(await moderateOne(c.get("deps"), c.get("site"), c.get("actor"), c.req.valid("param").id, "delete", c.req.valid("query").version)),
  )

  .post("/moderation/comments/:id/:action", valid("param", moderationActionParamSchema), valid("query", versionQuery), async (c) => {
    const { id, action } = c.req.valid("param");
    return c.json(await moderateOne(c.get("deps"), c.get("site"), c.get("actor"), id, action, c.req.valid("query").version));
  })

  .post("/moderation/bulk", valid("json", bulkActionSchema), async (c) => {
    const { ids, action, versions } = c.req.valid("json");
    return c.json(await moderate(c.get("deps"), c.get("site"), c.get("actor"), ids, action, versions));
  })

  .put("/threads/:thread", valid("param", threadParam), valid("json", threadSettingsSchema), async (c) =>
    c.json(await setThreadLock(c.get("deps"), c.get("site"), c.get("actor"), c.req.valid("param").thread, c.req.valid("json").locked)),
  )

  .get("/bans", valid("query", pageQuerySchema), async (c) => c.json(await listBans(c.get("deps"), c.get("site"), c.req.valid("query"))))

  .post("/bans", valid("json", createBanSchema), async (c) => {
    const { ban, created } = await createBan(c.get("deps"), c.get("site"), c.get("actor"), c.req.valid("json"));
    return c.json({ ban, created }, created ? 201 : 200);
  })

  .delete("/bans/:id", valid("param", banParam), async (c) => {
    await deleteBan(c.get("deps"), c.get("site"), c.get("actor"), c.req.valid("param").id);
    return c.body(null, 204);
  })

  .get("/audit", valid("query", pageQuerySchema), async (c) => c.json(await listAudit(c.get("deps"), c.get("site"), c.req.valid("query"))));
