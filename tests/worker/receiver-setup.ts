// Vitest globalSetup for the worker suite: a real HTTP receiver on 127.0.0.1 (webhooks, the e-mail API) that
// the worker under test reaches over the network. `/hook/<name>?mode=ok|fail|gone|hang|redirect` records each request
// (`redirect` answers `code`, 302 by default, with `to` as its Location);
// `hang` holds the answer until `/release/<name>`; `/mode/<name>?mode=…` switches a name's mode (an outage
// and its end) whatever its URL says; `/log/<name>` lists what arrived, headers, raw body and the status answered.
import { createServer, type ServerResponse } from "node:http";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    receiverUrl: string;
  }
}

interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number | null;
}

export default async function setup({ provide }: TestProject) {
  const logs = new Map<string, Received[]>();
  const held = new Map<string, ServerResponse[]>();
  const modes = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://receiver");
      const [, kind, name = ""] = url.pathname.split("/");
      if (kind === "log") {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(logs.get(name) ?? []));
        return;
      }
      if (kind === "mode") {
        modes.set(name, url.searchParams.get("mode") ?? "ok");
        res.end("ok");
        return;
      }
      if (kind === "release") {
        for (const r of held.get(name) ?? []) r.end("released");
        held.delete(name);
        res.end("ok");
        return;
      }
      const mode = modes.get(name) ?? url.searchParams.get("mode") ?? "ok";
      const redirect = mode === "redirect" ? Number(url.searchParams.get("code") ?? 302) : null;
      const status = mode === "hang" ? null : mode === "fail" ? 500 : mode === "gone" ? 410 : (redirect ?? 200);
      const entry = { method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status };
      logs.set(name, [...(logs.get(name) ?? []), entry]);
      if (mode === "hang") {
        held.set(name, [...(held.get(name) ?? []), res]);
        return;
      }
      res.statusCode = status as number;
      if (redirect !== null && url.searchParams.has("to")) res.setHeader("Location", url.searchParams.get("to") as string);
      res.setHeader("Content-Type", "application/json");
      res.end(mode === "fail" || mode === "gone" ? `{"error":"receiver told to answer ${status}"}` : '{"ok":true,"id":"received"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("receiver did not start");
  provide("receiverUrl", `http://127.0.0.1:${address.port}`);
  return () =>
    new Promise<void>((resolve) => {
      for (const list of held.values()) for (const r of list) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
