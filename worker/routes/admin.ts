// Admin routes: the operator creates sites with the ADMIN_TOKEN, and sets a site's storage quota.
import { createSiteSchema, quotaSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { blockedWordProblems, blockedWordsOf, createSite, updateSite } from "../services/sites";
import { accessGroup, requireAdmin, valid } from "./middleware";

/** Operator routes: the admin token, checked once by the group. */
export const adminRoutes = accessGroup(requireAdmin)
  .post("/", valid("json", createSiteSchema, (_c, body) => blockedWordProblems(blockedWordsOf(body))), async (c) => c.json(await createSite(c.get("deps"), c.req.valid("json")), 201))
  // The site's storage quota is the operator's: its owner's PATCH cannot change it (see quotaSchema).
  .put("/:site/quota", valid("json", quotaSchema), async (c) =>
    c.json({ site: await updateSite(c.get("deps"), c.get("site"), { quota: c.req.valid("json") }, c.get("actor")) }),
  );
