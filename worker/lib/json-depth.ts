// A bound on how deep a request body's JSON nests, checked before JSON.parse: parsing deeply nested arrays costs
// V8 time that grows faster than their length (a megabyte of `[[[…` about 100 ms of CPU), far past a request's.

/**
 * Whether JSON text opens more than `max` arrays or objects inside one another. One pass over its characters,
 * skipping strings; the text need not be valid JSON (the parser judges that afterwards).
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
