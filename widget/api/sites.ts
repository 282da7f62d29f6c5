// GET /api/v1/sites/{site}: a site's public face (name, social links, locale).
import type { PublicSite } from "../../worker/contract/types";
import { request, siteUrl } from "./request";

export const getSite = (api: string | undefined, site: string, signal?: AbortSignal) =>
  request<PublicSite>(siteUrl(api, site), { signal });
