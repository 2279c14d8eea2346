/**
 * The e-service's one stylesheet, served from /assets so the CSP can forbid inline styles. System fonts; every
 * text and control at least 4.5:1 against its background; a 3 px focus ring; targets at least 44 px high; one
 * column, so 400 % zoom only makes it longer.
 */
export const stylesheet = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #005a9c; --accent-dark: #003e6b; --bad: #a4161a; --ok: #1e6b34; --line: #767676; --pale: #f3f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
.skip-link { position: absolute; left: -9999px; top: 0; background: #fff; color: var(--accent); padding: .75rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; top: 1rem; }
header.site { background: var(--accent-dark); color: #fff; }
header.site .inner, main, footer.site .inner { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
header.site .inner { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; padding-top: .75rem; padding-bottom: .75rem; }
header.site a, header.site [lang="en"] { color: #fff; }
header.site .service { font-weight: 700; font-size: 1.15rem; text-decoration: none; }
header.site nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; margin: 0; padding: 0; align-items: center; }
header.site nav form { margin: 0; }
header.site button.link { background: none; border: none; color: #fff; text-decoration: underline; padding: .5rem 0; min-height: 2.75rem; font: inherit; cursor: pointer; }
main { padding-top: 2rem; padding-bottom: 4rem; }
main:focus { outline: none; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .95rem; }
footer.site .inner { padding-top: 1rem; padding-bottom: 2rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
p.lead { font-size: 1.2rem; }
[lang="en"] { color: var(--muted); }
h1 [lang="en"], h2 [lang="en"], legend [lang="en"], label [lang="en"] { display: block; font-size: .8em; font-weight: 400; }
a { color: var(--accent); }
a:hover { color: var(--accent-dark); }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, .error-summary:focus { outline: 3px solid var(--ink); outline-offset: 2px; }
header.site a:focus-visible, header.site button:focus-visible { outline-color: #fff; }
.button, button.primary { display: inline-block; font: inherit; font-weight: 600; min-height: 2.75rem; padding: .6rem 1.25rem; border-radius: .375rem; border: 2px solid var(--accent); background: var(--accent); color: #fff; text-decoration: none; cursor: pointer; }
.button [lang="en"], button.primary [lang="en"] { color: inherit; }
.button:hover, button.primary:hover { background: var(--accent-dark); color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1.5rem 0; }
.field { margin: 0 0 1.5rem; }
label, legend { display: block; font-weight: 600; margin-bottom: .25rem; }
fieldset { border: none; margin: 0 0 1.5rem; padding: 0; }
.hint { color: var(--muted); margin: 0 0 .35rem; }
input[type="text"], input[type="email"], input[type="tel"], textarea { font: inherit; width: 100%; max-width: 32rem; padding: .5rem; border: 2px solid var(--ink); border-radius: 0; background: #fff; color: var(--ink); }
textarea { min-height: 8rem; }
.radio { display: flex; align-items: center; gap: .5rem; min-height: 2.75rem; }
.radio input { width: 1.5rem; height: 1.5rem; margin: 0; }
.radio label { font-weight: 400; margin: 0; }
.field.invalid, fieldset.invalid { border-left: 5px solid var(--bad); padding-left: 1rem; }
.field.invalid input, .field.invalid textarea { border-color: var(--bad); }
.error-message { color: var(--bad); font-weight: 600; margin: 0 0 .35rem; }
.error-message [lang="en"] { color: var(--bad); font-weight: 400; }
.error-summary { border: 4px solid var(--bad); padding: 1rem 1.25rem; margin: 0 0 2rem; }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: var(--bad); font-weight: 600; }
.notice { border-left: 5px solid var(--accent); background: var(--pale); padding: .75rem 1rem; margin: 0 0 1.5rem; }
.notice.bad { border-left-color: var(--bad); }
.panel { border: 3px solid var(--ok); padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
.panel .case-id { font-size: 1.5rem; font-weight: 700; }
dl.summary { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .5rem 1rem; margin: 0 0 1.5rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; white-space: pre-line; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
ol.steps { padding-left: 1.5rem; }
ol.steps li { margin: .25rem 0; }
ol.steps li.current { font-weight: 700; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
@media (max-width: 30rem) { dl.summary { grid-template-columns: 1fr; } dl.summary dd { margin-bottom: .5rem; } }
`;
