import { describe, expect, it } from "vitest";
import { ADMIN, call, createSite, expectError, json, postComment, putArticle, sha256Hex, uniqueSiteId } from "./helpers";

interface OwnerRoute {
  name: string;
  method: string;
  /** `ref` is what `prepare` made (a comment or ban id); routes that need none ignore it. */
  path: (site: string, ref: string) => string;
  body?: (ref: string) => unknown;
  /** Makes what the route acts on exist, so that the right token gets a 2xx. */
  prepare?: (site: string, ownerToken: string) => Promise<string>;
  ok: number;
  /** The admin token may call it too (rotating the owner token: the operator's rescue). */
  adminToo?: true;
}

/** A published comment to act on; its id is the route's `ref`. */
const aComment = async (site: string) => (await postComment(site, "t", { body: "Moderate me" })).comment.id as string;
/** An id that looks like a comment id, for requests that are refused before anything is looked up. */
const SOME_ID = "AAAAAAAAAAAAAAAA";

const OWNER_ROUTES: OwnerRoute[] = [
  { name: "PATCH /sites/{site}", method: "PATCH", path: (s) => `/sites/${s}`, body: () => ({ locale: "fr" }), ok: 200 },
  { name: "POST /sites/{site}/token", method: "POST", path: (s) => `/sites/${s}/token`, ok: 200, adminToo: true },
  {
    name: "PUT /sites/{site}/articles/{slug}",
    method: "PUT",
    path: (s) => `/sites/${s}/articles/hello`,
    body: () => ({ title: "Hello", body: "World" }),
    ok: 201,
  },
  {
    name: "DELETE /sites/{site}/articles/{slug}",
    method: "DELETE",
    path: (s) => `/sites/${s}/articles/hello`,
    prepare: async (site, token) => (await putArticle(site, token, "hello", {})).slug,
    ok: 204,
  },
  { name: "GET /sites/{site}/moderation/comments", method: "GET", path: (s) => `/sites/${s}/moderation/comments`, ok: 200 },
  {
    name: "PATCH /sites/{site}/moderation/comments/{id}",
    method: "PATCH",
    path: (s, ref) => `/sites/${s}/moderation/comments/${ref || SOME_ID}`,
    body: () => ({ body: "Edited by the owner" }),
    prepare: aComment,
    ok: 200,
  },
  {
    name: "DELETE /sites/{site}/moderation/comments/{id}",
    method: "DELETE",
    path: (s, ref) => `/sites/${s}/moderation/comments/${ref || SOME_ID}`,
    prepare: aComment,
    ok: 200,
  },
  {
    name: "POST /sites/{site}/moderation/comments/{id}/{action}",
    method: "POST",
    path: (s, ref) => `/sites/${s}/moderation/comments/${ref || SOME_ID}/pin`,
    prepare: aComment,
    ok: 200,
  },
  {
    name: "POST /sites/{site}/moderation/bulk",
    method: "POST",
    path: (s) => `/sites/${s}/moderation/bulk`,
    body: (ref) => ({ ids: [ref || SOME_ID], action: "reject" }),
    prepare: aComment,
    ok: 200,
  },
  {
    name: "PUT /sites/{site}/threads/{thread}",
    method: "PUT",
    path: (s) => `/sites/${s}/threads/${encodeURIComponent("a/b")}`,
    body: () => ({ locked: true }),
    ok: 200,
  },
  { name: "GET /sites/{site}/bans", method: "GET", path: (s) => `/sites/${s}/bans`, ok: 200 },
  {
    name: "POST /sites/{site}/bans",
    method: "POST",
    path: (s) => `/sites/${s}/bans`,
    body: () => ({ type: "name", value: "Troll" }),
    ok: 201,
  },
  {
    name: "DELETE /sites/{site}/bans/{id}",
    method: "DELETE",
    path: (s, ref) => `/sites/${s}/bans/${ref || SOME_ID}`,
    prepare: async (site, token) =>
      (await json(`/sites/${site}/bans`, 201, { token, body: { type: "name", value: "Troll" } })).ban.id as string,
    ok: 204,
  },
  { name: "GET /sites/{site}/audit", method: "GET", path: (s) => `/sites/${s}/audit`, ok: 200 },
];

describe("owner routes", () => {
  for (const route of OWNER_ROUTES) {
    describe(route.name, () => {
      const send = async (token?: string, headers?: Record<string, string>) => {
        const { id, ownerToken } = await createSite();
        const ref = (await route.prepare?.(id, ownerToken)) ?? "";
        return call(route.path(id, ref), { method: route.method, token, body: route.body?.(ref), headers });
      };

      it("answers 401 UNAUTHORIZED without a token", async () => {
        await expectError(await send(), 401, "UNAUTHORIZED");
      });

      it("answers 401 UNAUTHORIZED to a wrong token", async () => {
        await expectError(await send("pt_own_not-a-real-token"), 401, "UNAUTHORIZED");
      });

      it("answers 401 UNAUTHORIZED to a header that is not a bearer token", async () => {
        await expectError(await send(undefined, { Authorization: "Basic dXNlcjpwYXNz" }), 401, "UNAUTHORIZED");
      });

      it("answers 403 FORBIDDEN to another site's owner token", async () => {
        const other = await createSite();
        await expectError(await send(other.ownerToken), 403, "FORBIDDEN");
      });

      // The token rotation takes the admin token too; that is tested on its own below.
      if (!route.adminToo) {
        it("answers 403 FORBIDDEN to the admin token", async () => {
          await expectError(await send(ADMIN), 403, "FORBIDDEN");
        });
      }

      it(`answers ${route.ok} to the site's own owner token`, async () => {
        const { id, ownerToken } = await createSite();
        const ref = (await route.prepare?.(id, ownerToken)) ?? "";
        const res = await call(route.path(id, ref), { method: route.method, token: ownerToken, body: route.body?.(ref) });
        expect(res.status, await res.clone().text()).toBe(route.ok);
      });

      it("answers 404 SITE_NOT_FOUND for an unknown site before looking at the token", async () => {
        const res = await call(route.path(uniqueSiteId("missing"), SOME_ID), { method: route.method, token: ADMIN, body: route.body?.(SOME_ID) });
        await expectError(res, 404, "SITE_NOT_FOUND");
      });
    });
  }

  it("checks the token before the body, so a stranger learns nothing from validation", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}`, { method: "PATCH", body: { nonsense: true } }), 401, "UNAUTHORIZED");
  });
});

describe("POST /sites (admin route)", () => {
  const body = () => ({ id: uniqueSiteId(), name: "New site", origins: [] });

  it("answers 401 UNAUTHORIZED without a token and creates nothing", async () => {
    const b = body();
    await expectError(await call("/sites", { body: b }), 401, "UNAUTHORIZED");
    await expectError(await call(`/sites/${b.id}`), 404, "SITE_NOT_FOUND");
  });

  it("answers 401 UNAUTHORIZED to a wrong token", async () => {
    await expectError(await call("/sites", { token: `${ADMIN}x`, body: body() }), 401, "UNAUTHORIZED");
  });

  it("answers 401 UNAUTHORIZED to the hash of the admin token", async () => {
    await expectError(await call("/sites", { token: await sha256Hex(ADMIN), body: body() }), 401, "UNAUTHORIZED");
  });

  it("answers 401 UNAUTHORIZED to an owner token and creates nothing", async () => {
    const { ownerToken } = await createSite();
    const b = body();
    await expectError(await call("/sites", { token: ownerToken, body: b }), 401, "UNAUTHORIZED");
    await expectError(await call(`/sites/${b.id}`), 404, "SITE_NOT_FOUND");
  });

  it("answers 201 to the admin token", async () => {
    const b = body();
    const created = await json("/sites", 201, { token: ADMIN, body: b });
    expect(created.site.id).toBe(b.id);
  });

  it("accepts the bearer scheme in any case", async () => {
    const res = await call("/sites", { body: body(), headers: { Authorization: `bearer ${ADMIN}` } });
    expect(res.status).toBe(201);
  });
});

describe("one site's token against another site", () => {
  it("changes nothing of the other site", async () => {
    const a = await createSite();
    const b = await createSite({ name: "Site B", locale: "en" });
    await putArticle(b.id, b.ownerToken, "kept", { title: "Kept" });

    await expectError(await call(`/sites/${b.id}`, { method: "PATCH", token: a.ownerToken, body: { name: "Hijacked", locale: "fr" } }), 403, "FORBIDDEN");
    await expectError(await call(`/sites/${b.id}/token`, { method: "POST", token: a.ownerToken }), 403, "FORBIDDEN");
    await expectError(
      await call(`/sites/${b.id}/articles/planted`, { method: "PUT", token: a.ownerToken, body: { title: "Planted", body: "x" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await call(`/sites/${b.id}/articles/kept`, { method: "PUT", token: a.ownerToken, body: { title: "Overwritten", body: "x" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(await call(`/sites/${b.id}/articles/kept`, { method: "DELETE", token: a.ownerToken }), 403, "FORBIDDEN");

    expect(await json(`/sites/${b.id}`, 200)).toMatchObject({ name: "Site B", locale: "en" });
    await expectError(await call(`/sites/${b.id}/articles/planted`), 404, "ARTICLE_NOT_FOUND");
    expect((await json(`/sites/${b.id}/articles/kept`, 200)).title).toBe("Kept");
    // B's token was not rotated: it still works.
    await json(`/sites/${b.id}/token`, 200, { method: "POST", token: b.ownerToken });
  });

  it("cannot moderate another site's comments, through either site's path", async () => {
    const a = await createSite();
    const b = await createSite();
    const { comment } = await postComment(b.id, "t", { body: "Site B's comment" });
    await expectError(await call(`/sites/${b.id}/moderation/comments/${comment.id}`, { method: "DELETE", token: a.ownerToken }), 403, "FORBIDDEN");
    await expectError(await call(`/sites/${a.id}/moderation/comments/${comment.id}`, { method: "DELETE", token: a.ownerToken }), 404, "COMMENT_NOT_FOUND");
    await expectError(await call(`/sites/${a.id}/moderation/comments/${comment.id}/reject`, { method: "POST", token: a.ownerToken }), 404, "COMMENT_NOT_FOUND");
    const bulk = await json(`/sites/${a.id}/moderation/bulk`, 200, { token: a.ownerToken, body: { ids: [comment.id], action: "delete" } });
    expect(bulk.notFound).toEqual([comment.id]);
    const page = await json(`/sites/${b.id}/threads/t/comments`, 200);
    expect(page.comments.map((c: any) => [c.id, c.status])).toEqual([[comment.id, "published"]]);
    expect(page.total).toBe(1);
  });

  it("publishes under the site of the path only", async () => {
    const a = await createSite();
    const b = await createSite();
    await putArticle(a.id, a.ownerToken, "mine", {});
    await expectError(await call(`/sites/${b.id}/articles/mine`), 404, "ARTICLE_NOT_FOUND");
    expect((await json(`/sites/${b.id}/articles`, 200)).articles).toEqual([]);
  });
});

describe("POST /sites/{site}/token with the admin token", () => {
  it("issues a new owner token, retires the old one and records the admin as the actor", async () => {
    const { id, ownerToken } = await createSite();
    const { ownerToken: fresh } = await json<{ ownerToken: string }>(`/sites/${id}/token`, 200, { method: "POST", token: ADMIN });
    expect(fresh).not.toBe(ownerToken);
    await expectError(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { locale: "fr" } }), 401, "UNAUTHORIZED");
    await json(`/sites/${id}`, 200, { method: "PATCH", token: fresh, body: { locale: "fr" } });
    const { entries } = await json<{ entries: { actor: string; action: string }[] }>(`/sites/${id}/audit`, 200, { token: fresh });
    const rotation = entries.find((e) => e.action === "token.rotate");
    expect(rotation?.actor).toBe(`admin:${(await sha256Hex(ADMIN)).slice(0, 12)}`);
  });

  it("still refuses the admin token on every other owner route", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}`, { method: "PATCH", token: ADMIN, body: { locale: "fr" } }), 403, "FORBIDDEN");
  });
});
