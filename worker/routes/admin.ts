// Admin routes: the operator creates sites with the ADMIN_TOKEN.
import { createSiteSchema } from "../contract/schemas";
import type { AppEnv } from "../env";
import { createSite } from "../services/sites";
import { accessGroup, requireAdmin, valid } from "./middleware";

/** Operator routes: the admin token, checked once by the group. */
export const adminRoutes = accessGroup(requireAdmin).post("/", valid("json", createSiteSchema), async (c) =>
  c.json(await createSite(c.get("deps"), c.req.valid("json")), 201),
);
