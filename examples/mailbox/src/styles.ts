/**
 * The inbox's one stylesheet, the example e-service's look: system fonts; every text at least 4.5:1 against its
 * background; a 3 px focus ring; one column, so 400 % zoom only makes it longer.
 */
export const stylesheet = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #005a9c; --accent-dark: #003e6b; --line: #767676; --pale: #f3f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.skip-link { position: absolute; left: -9999px; top: 0; background: #fff; color: var(--accent); padding: .75rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; top: 1rem; }
header.site { background: var(--accent-dark); color: #fff; }
header.site .inner, main, footer.site .inner { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
header.site .inner { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; padding-top: .75rem; padding-bottom: .75rem; }
header.site a, header.site [lang="en"] { color: #fff; }
header.site .service { font-weight: 700; font-size: 1.15rem; text-decoration: none; }
main { padding-top: 2rem; padding-bottom: 4rem; }
main:focus { outline: none; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .95rem; }
footer.site .inner { padding-top: 1rem; padding-bottom: 2rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
p.lead { font-size: 1.2rem; }
[lang="en"] { color: var(--muted); }
h1 [lang="en"], h2 [lang="en"], caption [lang="en"], th [lang="en"], dt [lang="en"] { display: block; font-size: .8em; font-weight: 400; }
a { color: var(--accent); }
a:hover { color: var(--accent-dark); }
a:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
header.site a:focus-visible { outline-color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1.5rem 0; }
.notice { border-left: 5px solid var(--accent); background: var(--pale); padding: .75rem 1rem; margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
td a { display: inline-block; min-height: 1.5rem; }
dl.summary { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .5rem 1rem; margin: 0 0 1.5rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; overflow-wrap: anywhere; }
pre.body { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; background: var(--pale); border: 1px solid var(--line); padding: 1rem; margin: 0 0 1.5rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
@media (max-width: 30rem) { dl.summary { grid-template-columns: 1fr; } dl.summary dd { margin-bottom: .5rem; } }
`;
