// The origins a site allows (`https://blog.example.com`): written exactly as the browser sends them in `Origin`, on a
// host DNS can serve, so that every origin a site is given can match a page's requests.
import * as z from "zod/mini";

/** DNS's limits on a name as written (RFC 1035: 255 octets on the wire) and on each label, the part between dots. */
const DNS_NAME_CHARS = 253;
const DNS_LABEL_CHARS = 63;

/**
 * Why a URL's host cannot be a DNS name, or null. The URL parser takes a host of any length, but no page can be
 * served from one past DNS's limits, so an origin naming it would never match. IP addresses are not names.
 */
function hostProblem(host: string): string | null {
  if (host.startsWith("[") || /^\d+(\.\d+){3}$/.test(host)) return null;
  // A trailing dot (blog.example.com.) is the root of DNS, not a label.
  const name = host.replace(/\.$/, "");
  if (name.length > DNS_NAME_CHARS) return `The host name has ${name.length} characters; a host name has at most ${DNS_NAME_CHARS}.`;
  if (name.includes("*")) return "A wildcard (*) matches nothing: the browser sends the page's own origin. List each origin the widget is on.";
  // Letters, digits and hyphens make a host name (an underscore is let by, as some hosts have one); the URL parser
  // lets others through (a!b.example.com), which no page is served from.
  const odd = name.match(/[^a-z0-9_-]/i)?.[0];
  if (odd !== undefined && odd !== ".") return `A host name is letters, digits, hyphens and dots, not "${odd}".`;
  const labels = name.split(".");
  const bad = labels.findIndex((label) => label.length === 0 || label.length > DNS_LABEL_CHARS);
  if (bad === -1) return null;
  if (labels[bad].length === 0) return "The host name has an empty part (two dots in a row, or a dot first).";
  return `Part ${bad + 1} of the host name has ${labels[bad].length} characters; each part between dots has at most ${DNS_LABEL_CHARS}.`;
}

/** Refuses a value that is not an origin as the browser sends it, saying how to write it when it can. */
function checkOrigin(value: string, ctx: z.core.$RefinementCtx<string>): void {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const generic = "Must be an origin such as https://blog.example.com (scheme, host and optional port; no path or trailing slash).";
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    ctx.addIssue({ code: "custom", message: generic });
    return;
  }
  // What is wrong with the host comes first, so that a spelling to copy is never one refused next. Port 0 is no port
  // a page is served from: browsers refuse to connect to it.
  const problem = url.port === "0" ? "Port 0 is no port a page can be served from." : hostProblem(url.hostname);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return;
  }
  if (url.origin !== value) {
    // The origin spelled otherwise (EXAMPLE.com, :443, a trailing slash, a host in Unicode): say how to write it.
    const spelled = /^[^/]*\/\/[^/?#@]*\/?$/.test(value);
    ctx.addIssue({ code: "custom", message: spelled ? `Must be written as the browser sends it: ${url.origin}` : generic });
  }
}

export const originSchema = z.string().check(z.superRefine(checkOrigin));
