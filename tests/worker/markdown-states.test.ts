// worker/services/markdown/states.ts builds markdown-it's tokens and parser states with constructors of its own (for
// speed), copied from markdown-it 15's. Were markdown-it to change a field or how a state reads its source, these
// would drift silently: so the same parser with and without them must make the very same tokens, and each state and
// token must carry the same fields in the same order.
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { useFastStates } from "../../worker/services/markdown/states";
import { HOSTILE_SHAPES } from "../fixtures/hostile-markdown";
import { longArticle } from "../fixtures/long-article";

function parser(fast: boolean) {
  const md = new MarkdownIt("commonmark", { html: true });
  md.enable("strikethrough");
  if (fast) useFastStates(md);
  return md;
}

const stock = parser(false);
const fast = parser(true);

const SAMPLES = [
  "",
  "a",
  "a\n",
  "\n\n\n",
  "   \t  \n\t \t\n",
  "\tcode\n\t\tmore\n  \tmixed",
  " \t- item\n  - nested\n\n> quote\n>> deeper\nlazy",
  "line  \nbreak\\\nhard",
  "*em* **strong** ~~del~~ `code` [link](https://e.x \"t\") ![img](https://e.x/i.png) <https://auto.link>",
  "<div>html</div>\n\n<b>inline</b> &amp; &copy; &#x1F600;",
  "[ref] and [other][ref]\n\n[ref]: https://e.x 'title'",
  "# h1\nSetext\n===\n\n---\n\n1. one\n2. two\n\n3) three",
  "```js\nfence\n```\n\n~~~\nunclosed",
  "a\r\nb\rc\u0000d",
  "***a** b* _c __d__ e_ ~~~f~~~",
  longArticle(),
  ...HOSTILE_SHAPES.map((shape) => shape.make(3_000)),
];

describe("markdown-it's states and tokens, built by states.ts", () => {
  it("make the same tokens as markdown-it's own classes, for every sample and hostile shape", () => {
    for (const source of SAMPLES) expect(JSON.stringify(fast.parse(source, {})), JSON.stringify(source.slice(0, 60))).toBe(JSON.stringify(stock.parse(source, {})));
  });

  it("carry the same fields, in the same order, as markdown-it's", () => {
    type Ctor = new (...args: unknown[]) => object;
    const classes = (md: ReturnType<typeof parser>) => {
      const m = md as unknown as { core: { State: Ctor }; block: { State: Ctor }; inline: { State: Ctor } };
      const core = new m.core.State("a *b*\n\tc", md, {}) as { Token: Ctor };
      return {
        core: Object.keys(core),
        block: Object.keys(new m.block.State("a *b*\n\tc", md, {}, [])),
        // lastClose is Parley's own (parser.ts): where the source's last `]` is, found once.
        inline: Object.keys(new m.inline.State("a *b*", md, {}, [])).filter((k) => k !== "lastClose"),
        token: Object.keys(new core.Token("paragraph_open", "p", 1)),
      };
    };
    expect(classes(fast)).toEqual(classes(stock));
  });
});
