// Line icons for the social networks, drawn for Parley on a 24×24 grid, as SVG path data: the widget's lazy icon
// chunk and the server-rendered HTML draw the same shapes. Stroke style comes from the shared CSS.
import type { Network } from "./types";

export const ICON_PATHS: Record<Network, string> = {
  youtube: "M2 8a3 3 0 0 1 3-3h14a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3H5a3 3 0 0 1-3-3zM10 9v6l5-3z",
  instagram: "M3 7a4 4 0 0 1 4-4h10a4 4 0 0 1 4 4v10a4 4 0 0 1-4 4H7a4 4 0 0 1-4-4zM8 12a4 4 0 0 0 8 0a4 4 0 0 0-8 0M17 7h0",
  x: "M4 4h4l12 16h-4zM20 4l-7 7.5M4 20l7-7.5",
  facebook: "M16 3h-2a4 4 0 0 0-4 4v14M7 11h8",
  linkedin: "M3 7a4 4 0 0 1 4-4h10a4 4 0 0 1 4 4v10a4 4 0 0 1-4 4H7a4 4 0 0 1-4-4zM8 11v6M8 8h0M12 17v-6M12 14a3 3 0 0 1 5 0v3",
  tiktok: "M13 3v13a3 3 0 1 1-3-3M13 3a5 5 0 0 0 5 5",
  mastodon: "M20 12V8a5 5 0 0 0-5-5H9a5 5 0 0 0-5 5v5a6 6 0 0 0 6 6h5M8 14v-4a2 2 0 0 1 4 0v2M12 10a2 2 0 0 1 4 0v4",
  rss: "M5 19h0M5 11a8 8 0 0 1 8 8M5 4a15 15 0 0 1 15 15",
  email: "M3 5h18v14H3zM3 6l9 7 9-7",
  website: "M3 12a9 9 0 0 0 18 0a9 9 0 0 0-18 0h18M12 3a14 14 0 0 1 0 18a14 14 0 0 1 0-18",
};

/** The path of a network's icon. */
export const iconPath = (name: Network) => ICON_PATHS[name];
