// The first module of the elements' chunk to run. Its mark tells widget.js that the chunk arrived and began to run,
// so that a failed import of it is an error in its code (which no fresh copy or later try mends), not a failed fetch.
(self as unknown as Record<symbol, number>)[Symbol.for("parley:elements")] = 1;
