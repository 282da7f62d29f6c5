// The shell's layout: a header with the site and the sections, one section below.
import { css } from "lit";

export const shell = css`
  :host { min-height: 100vh; background: var(--bg); }
  header {
    display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center;
    padding: .6em 1em; border-bottom: 1px solid var(--line); background: var(--panel);
  }
  nav { display: flex; flex-wrap: wrap; gap: .35em; flex: 1; }
  /*
   * Section links look like the other controls: the current one underlined in the accent. Positioned, so that the
   * screen-reader-only ", unsaved changes" stays inside its link (and the row's scrolling box), not widening the page.
   */
  nav a {
    position: relative; display: inline-flex; align-items: center; min-height: 2.25em; padding: .35em .7em;
    border: 1px solid transparent; border-radius: 6px; color: inherit; text-decoration: none; white-space: nowrap;
  }
  nav a:hover { border-color: var(--line); }
  nav a[aria-current="page"] { border-color: var(--accent); box-shadow: inset 0 -3px 0 var(--accent); }
  main { max-width: 60rem; margin: 0 auto; padding: 1em; }
  main.signin { max-width: 26rem; padding-top: 10vh; }
  /*
   * On a phone the sections are one row that scrolls sideways, under the site's name and Sign out, so the section
   * starts above the fold. The row's padding keeps the focus ring inside its scrolling box.
   */
  @media (max-width: 40rem) {
    header { padding: .35em .6em; gap: .15em .5em; }
    .brand { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    nav { order: 1; flex: 1 0 100%; flex-wrap: nowrap; overflow-x: auto; padding: 6px; scroll-padding-inline: 6px; scrollbar-width: thin; }
    main { padding: .75em; }
  }
`;
