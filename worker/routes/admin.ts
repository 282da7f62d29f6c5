// Admin routes: the operator creates sites with the ADMIN_TOKEN.
import { Hono } from "hono";
import { createSiteSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { createSite } from "../services/sites";
import { requireAdmin, valid } from "./middleware";

export const adminRoutes = new Hono<AppEnv>().post("/", requireAdmin, valid("json", createSiteSchema), async (c) =>
  c.json(await createSite(c.get("deps"), c.req.valid("json")), 201),
);
