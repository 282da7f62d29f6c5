// GET /api/v1/sites/{site}/counts?threads=a,b,c: comment counts for many threads in one request.
import type { Counts } from "../../worker/contract/types";
import { request, siteUrl } from "./request";

export function getCounts(api: string | undefined, site: string, threads: string[]) {
  const q = new URLSearchParams();
  // Keys are encoded one by one so a comma inside a key cannot split it.
  q.set("threads", threads.map(encodeURIComponent).join(","));
  return request<Counts>(`${siteUrl(api, site)}/counts?${q}`);
}
