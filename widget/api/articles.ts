// GET /api/v1/sites/{site}/articles/{slug}: one published article with its document body.
import type { Article } from "../../worker/contract/types";
import { request, siteUrl } from "./request";

export const getArticle = (api: string | undefined, site: string, slug: string, signal?: AbortSignal) =>
  request<Article>(`${siteUrl(api, site)}/articles/${encodeURIComponent(slug)}`, { signal });
