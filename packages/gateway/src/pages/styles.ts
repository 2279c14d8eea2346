/**
 * The one stylesheet of the gateway's pages. System fonts, high contrast (all text ≥ 4.5:1), visible focus, no
 * layout that breaks at 400 % zoom.
 */
const baseStylesheet = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #005a9c; --ok: #1e6b34; --bad: #a4161a; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1rem 4rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
p.lead { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
[lang="en"] { color: var(--muted); }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #c8c8c8; vertical-align: top; }
.status-up { color: var(--ok); font-weight: 600; }
.status-down { color: var(--bad); font-weight: 600; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; margin: 0 0 1.5rem; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .95em; }
`;

/** Forms and buttons of the login pages: large targets (≥ 44 px), visible focus, contrast ≥ 4.5:1. */
const loginStylesheet = `
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.5rem 0; align-items: center; }
.actions form { margin: 0; }
button, a.button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: .6rem 1.25rem; border-radius: .375rem; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: var(--accent); }
button [lang="en"], a.button [lang="en"] { color: inherit; }
button:focus-visible, a.button:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
ul.choices { list-style: none; padding: 0; display: grid; gap: .75rem; max-width: 24rem; }
button.choice { width: 100%; text-align: left; }
.notice { border-left: 4px solid var(--bad); padding: .25rem 1rem; margin: 1rem 0; }
`;

export const stylesheet = baseStylesheet + loginStylesheet;
