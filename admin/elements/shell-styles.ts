// The shell's layout: a header with the site and the sections, one section below.
import { css } from "lit";

export const shell = css`
  :host { min-height: 100vh; background: var(--bg); }
  header {
    display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center;
    padding: .6em 1em; border-bottom: 1px solid var(--line); background: var(--panel);
  }
  nav { display: flex; flex-wrap: wrap; gap: .35em; flex: 1; }
  nav button { border-color: transparent; background: transparent; }
  main { max-width: 60rem; margin: 0 auto; padding: 1em; }
  main.signin { max-width: 26rem; padding-top: 10vh; }
  main h2:focus { outline: none; }
`;
