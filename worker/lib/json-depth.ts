// Bounds on a request body's JSON shape, checked before JSON.parse: parsing deeply nested arrays costs V8 time that
// grows faster than their length (a megabyte of `[[[…` about 100 ms of CPU), and parsing and validating many small
// values costs time by their count (a megabyte of `{"a":0,"b":0,…}` about 150 ms), both far past a request's.

/**
 * What about JSON text would cost more to parse than any request of the API: arrays and objects opened more than
 * `depth` inside one another, or more than `values` values in its arrays and objects together (counted by the commas
 * between them); null when neither. One pass over its characters, skipping strings; the text need not be valid JSON
 * (the parser judges that afterwards).
 */
export function jsonShapeProblem(text: string, bounds: { depth: number; values: number }): "depth" | "values" | null {
  let depth = 0;
  let commas = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x2c) {
      if (++commas > bounds.values) return "values";
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > bounds.depth) return "depth";
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}
