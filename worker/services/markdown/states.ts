// Faster constructors for markdown-it's tokens and parser states. markdown-it 15 ships compiled by Babel, whose class
// fields go through one shared `_defineProperty` helper: with every token and state shape passing through it, V8
// looks each field up the slow (megamorphic) way, and that helper took a fifth of an article's parse. These classes
// set the same fields, in the same order, by plain assignment, and inherit every method from markdown-it's own
// prototypes, so the parser makes the very same tokens. Only the constructors and `push` (which names the module's
// Token class itself) are redone; they follow markdown-it 15.0's src/token.ts and src/rules_*/state_*.ts.
import type { MarkdownIt, StateBlock, StateCore, StateInline, Token } from "markdown-it";

type Env = Record<string, unknown>;

/** markdown-it's Token, built without the helper; its prototype is markdown-it's (attrGet, attrSet, …). */
class FastToken {
  declare map: [number, number] | null;
  declare level: number;
  declare children: Token[] | null;
  declare content: string;
  declare markup: string;
  declare info: string;
  declare block: boolean;
  declare hidden: boolean;
  declare type: string;
  declare tag: string;
  declare attrs: [string, string][] | null;
  declare nesting: -1 | 0 | 1;
  declare meta: unknown;
  constructor(type: string, tag: string, nesting: -1 | 0 | 1) {
    this.map = null;
    this.level = 0;
    this.children = null;
    this.content = "";
    this.markup = "";
    this.info = "";
    this.block = false;
    this.hidden = false;
    this.type = type;
    this.tag = tag;
    this.attrs = null;
    this.nesting = nesting;
    this.meta = null;
  }
}

const newToken = (type: string, tag: string, nesting: -1 | 0 | 1) => new FastToken(type, tag, nesting) as unknown as Token;

class FastStateCore {
  declare tokens: Token[];
  declare inlineMode: boolean;
  declare Token: typeof FastToken;
  declare src: string;
  declare env: Env;
  declare md: MarkdownIt;
  constructor(src: string, md: MarkdownIt, env: Env) {
    this.tokens = [];
    this.inlineMode = false;
    this.Token = FastToken;
    this.src = src;
    this.env = env;
    this.md = md;
  }
}

const isSpace = (code: number) => code === 0x09 || code === 0x20;

class FastStateBlock {
  declare bMarks: number[];
  declare eMarks: number[];
  declare tShift: number[];
  declare sCount: number[];
  declare bsCount: number[];
  declare blkIndent: number;
  declare line: number;
  declare lineMax: number;
  declare tight: boolean;
  declare listIndent: number;
  declare parentType: string;
  declare level: number;
  declare Token: typeof FastToken;
  declare src: string;
  declare md: MarkdownIt;
  declare env: Env;
  declare tokens: Token[];
  constructor(src: string, md: MarkdownIt, env: Env, tokens: Token[]) {
    this.bMarks = [];
    this.eMarks = [];
    this.tShift = [];
    this.sCount = [];
    this.bsCount = [];
    this.blkIndent = 0;
    this.line = 0;
    this.lineMax = 0;
    this.tight = false;
    this.listIndent = -1;
    this.parentType = "root";
    this.level = 0;
    this.Token = FastToken;
    this.src = src;
    this.md = md;
    this.env = env;
    this.tokens = tokens;
    // Each line's start, end, indentation (characters and columns, a tab to the next multiple of 4).
    const s = src;
    for (let start = 0, pos = 0, indent = 0, offset = 0, len = s.length, indentFound = false; pos < len; pos++) {
      const ch = s.charCodeAt(pos);
      if (!indentFound) {
        if (isSpace(ch)) {
          indent++;
          if (ch === 0x09) offset += 4 - (offset % 4);
          else offset++;
          continue;
        } else indentFound = true;
      }
      if (ch === 0x0a || pos === len - 1) {
        if (ch !== 0x0a) pos++;
        this.bMarks.push(start);
        this.eMarks.push(pos);
        this.tShift.push(indent);
        this.sCount.push(offset);
        this.bsCount.push(0);
        indentFound = false;
        indent = 0;
        offset = 0;
        start = pos + 1;
      }
    }
    this.bMarks.push(s.length);
    this.eMarks.push(s.length);
    this.tShift.push(0);
    this.sCount.push(0);
    this.bsCount.push(0);
    this.lineMax = this.bMarks.length - 1;
  }

  push(type: string, tag: string, nesting: -1 | 0 | 1): Token {
    const token = newToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  }
}

type Delimiters = StateInline["delimiters"];

class FastStateInline {
  declare pos: number;
  declare level: number;
  declare pending: string;
  declare pendingLevel: number;
  declare cache: Record<number, number>;
  declare backticks: Record<number, number>;
  declare backticksScanned: boolean;
  declare skipHtmlSpecial: boolean;
  declare linkLevel: number;
  declare delimiters: Delimiters;
  declare _prev_delimiters: Delimiters[];
  declare Token: typeof FastToken;
  declare src: string;
  declare env: Env;
  declare md: MarkdownIt;
  declare tokens: Token[];
  declare tokens_meta: ({ delimiters: Delimiters } | undefined)[];
  declare posMax: number;
  /** Where the last `]` of the source is, found once (see parser.ts). */
  declare lastClose: number | undefined;
  constructor(src: string, md: MarkdownIt, env: Env, outTokens: Token[]) {
    this.pos = 0;
    this.level = 0;
    this.pending = "";
    this.pendingLevel = 0;
    this.cache = {};
    this.backticks = {};
    this.backticksScanned = false;
    this.skipHtmlSpecial = false;
    this.linkLevel = 0;
    this.delimiters = [];
    this._prev_delimiters = [];
    this.Token = FastToken;
    this.src = src;
    this.env = env;
    this.md = md;
    this.tokens = outTokens;
    this.tokens_meta = Array(outTokens.length);
    this.posMax = src.length;
    this.lastClose = undefined;
  }

  pushPending(): Token {
    const token = newToken("text", "", 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = "";
    return token;
  }

  push(type: string, tag: string, nesting: -1 | 0 | 1): Token {
    if (this.pending) this.pushPending();
    const token = newToken(type, tag, nesting);
    let meta: { delimiters: Delimiters } | undefined;
    if (nesting < 0) {
      this.level--;
      this.delimiters = this._prev_delimiters.pop() as Delimiters;
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      this._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      meta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(meta);
    return token;
  }
}

/** Makes `md` build its tokens and states with the classes above; each inherits the methods of the one it stands for. */
export function useFastStates(md: MarkdownIt): void {
  const core = md.core as unknown as { State: new (...a: unknown[]) => StateCore };
  const block = md.block as unknown as { State: new (...a: unknown[]) => StateBlock };
  const inline = md.inline as unknown as { State: new (...a: unknown[]) => StateInline };
  const Token = new core.State("", md, {}).Token;
  Object.setPrototypeOf(FastToken.prototype, Token.prototype);
  Object.setPrototypeOf(FastStateCore.prototype, core.State.prototype);
  Object.setPrototypeOf(FastStateBlock.prototype, block.State.prototype);
  Object.setPrototypeOf(FastStateInline.prototype, inline.State.prototype);
  core.State = FastStateCore as unknown as typeof core.State;
  block.State = FastStateBlock as unknown as typeof block.State;
  inline.State = FastStateInline as unknown as typeof inline.State;
}
