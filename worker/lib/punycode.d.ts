// The part of punycode.js (markdown-it's dependency, so already in the worker's bundle) that Parley calls.
declare module "punycode.js" {
  /** A domain name's `xn--` labels as the Unicode they encode; other labels as they are. */
  export function toUnicode(domain: string): string;
}
