// The owner's data routes under /api/v1/sites/{site}: import batches, the paged export and GDPR
// requests; and the operator's site list under /api/v1/sites. Imports take no rate limits and no form tokens:
// the owner token is the only gate.
import { Hono } from "hono";
import { exportQuerySchema, gdprEraseSchema, gdprSchema, importBatchSchema, siteListQuerySchema } from "../contract/owner-data";
import type { AppEnv } from "../env";
import { exportHead, exportPage, gdprErase, gdprExport, listSites } from "../services/exports";
import { importBatch } from "../services/imports";
import { requireAdmin, requireOwner, valid } from "./middleware";

export const ownerDataRoutes = new Hono<AppEnv>()
  .post("/import", requireOwner, valid("json", importBatchSchema), async (c) =>
    c.json(await importBatch(c.get("deps"), c.get("site"), c.req.valid("json"))),
  )

  .get("/export", requireOwner, valid("query", exportQuerySchema), async (c) => {
    const { part, cursor } = c.req.valid("query");
    const deps = c.get("deps");
    if (part === "site") return c.json(exportHead(c.get("site"), deps.now()));
    return c.json(await exportPage(deps, c.get("site"), part, cursor));
  })

  .post("/gdpr/export", requireOwner, valid("json", gdprSchema), async (c) => {
    const { email, cursor } = c.req.valid("json");
    return c.json(await gdprExport(c.get("deps"), c.get("site"), c.get("actor"), email, cursor));
  })

  .post("/gdpr/erase", requireOwner, valid("json", gdprEraseSchema), async (c) =>
    c.json(await gdprErase(c.get("deps"), c.get("site"), c.get("actor"), c.req.valid("json").email)),
  );

export const adminDataRoutes = new Hono<AppEnv>().get("/", requireAdmin, valid("query", siteListQuerySchema), async (c) =>
  c.json(await listSites(c.get("deps"), c.req.valid("query"))),
);
