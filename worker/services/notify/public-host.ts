// Whether a webhook URL's host is a public address: by its spelling only (the worker cannot resolve names). The URL
// parser already turns every IPv4 spelling (0x7f.1, 2130706433, 0177.0.0.1, 127.1) into dotted decimal and every
// IPv6 one into its short form, so only those two forms and names are judged here.

/** IPv4 ranges that are not the public internet: [first octets as a number, prefix length] (RFC 6890). */
const V4_RESERVED: [number, number][] = [
  [0x00000000, 8], // "this network", 0.0.0.0
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local, cloud metadata (169.254.169.254)
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xe0000000, 3], // multicast, reserved and broadcast (224.0.0.0 and up)
];

function v4Public(n: number): boolean {
  return !V4_RESERVED.some(([net, bits]) => n >>> (32 - bits) === net >>> (32 - bits));
}

function parseV4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** The eight 16-bit groups of an IPv6 address in the parser's form (hex groups, one `::` at most). */
function parseV6(text: string): number[] | null {
  const [head, tail, extra] = text.split("::");
  if (extra !== undefined) return null;
  const groups = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(tail);
  const missing = 8 - front.length - back.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...front, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...back];
  return all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

function v6Public(g: number[]): boolean {
  const embedded = (hi: number, lo: number) => v4Public(((hi << 16) | lo) >>> 0);
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return false; // ::
  if (zeros(7) && g[7] === 1) return false; // ::1
  if (zeros(5) && g[5] === 0xffff) return embedded(g[6], g[7]); // IPv4-mapped ::ffff:a.b.c.d
  if (zeros(4) && g[4] === 0xffff && g[5] === 0) return embedded(g[6], g[7]); // IPv4-translated ::ffff:0:a.b.c.d
  if (zeros(6)) return embedded(g[6], g[7]); // IPv4-compatible ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(g[6], g[7]); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return false; // local-use NAT64 64:ff9b:1::/48: a network's own
  if (g[0] === 0x2002) return embedded(g[1], g[2]); // 6to4
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return false; // Teredo 2001::/32 (any IPv4 behind it), documentation
  if (g[0] === 0x100 && !g[1] && !g[2] && !g[3]) return false; // discard-only 100::/64
  if ((g[0] & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return false; // link-local, old site-local
  if ((g[0] & 0xff00) === 0xff00) return false; // multicast
  return true;
}

/**
 * False for loopback, private, link-local and other non-public addresses however they are spelled, and for
 * `localhost` and its subdomains (with or without a trailing dot). `hostname` is `URL.hostname`.
 */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host === "" || host === "localhost" || host.endsWith(".localhost")) return false;
  if (host.startsWith("[")) {
    const groups = parseV6(host.slice(1, -1));
    return groups !== null && v6Public(groups);
  }
  const v4 = parseV4(host);
  return v4 === null || v4Public(v4);
}

/** True for loopback only (`localhost` and its subdomains, 127.0.0.0/8, `[::1]`): what local development may send to. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "[::1]") return true;
  const v4 = parseV4(host);
  return v4 !== null && v4 >>> 24 === 127;
}
