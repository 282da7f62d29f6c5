// Worker entry: the Hono app handles every request that is not a static asset (widget.js).
import { createApp } from "./app";

const app = createApp();

export default { fetch: app.fetch } satisfies ExportedHandler<import("./env").Bindings>;
