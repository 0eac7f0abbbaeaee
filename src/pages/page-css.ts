/** The one stylesheet of the hosted pages, served at STYLESHEET_PATH (CSP `style-src 'self'`: no inline styles). */
export const STYLESHEET_PATH = '/connect/assets/latchkey.css';

export const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1c2024; --muted: #5b6471; --bg: #f4f5f7; --card: #fff; --line: #d9dde3; --accent: #2f5bd3; --accent-fg: #fff; --err: #b42318; --err-bg: #fef3f2; --ok: #067647; --ok-bg: #ecfdf3; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --muted: #a0a8b4; --bg: #15171a; --card: #1e2126; --line: #363b43; --accent: #7a9cff; --accent-fg: #0b0d10; --err: #ff8f84; --err-bg: #3a1714; --ok: #6ce9a6; --ok-bg: #0f2a1c; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: flex-start; justify-content: center; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: 100%; max-width: 30rem; margin: 3rem 1rem; padding: 2rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
h1 { font-size: 1.4rem; line-height: 1.3; margin: 0 0 .75rem; }
h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
p { margin: 0 0 1rem; }
.muted, .hint { color: var(--muted); font-size: .9rem; }
.brand { font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); margin-bottom: 1.25rem; }
.scopes { padding-left: 1.2rem; margin: 0 0 1rem; }
.scopes li { margin-bottom: .35rem; }
.scopes code { font-size: .8rem; color: var(--muted); }
.field { margin-bottom: 1.1rem; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
.req { color: var(--err); }
input, textarea { width: 100%; padding: .55rem .65rem; font: inherit; color: inherit; background: transparent; border: 1px solid var(--line); border-radius: 8px; }
textarea { min-height: 6rem; }
input:focus, textarea:focus, button:focus { outline: 3px solid var(--accent); outline-offset: 1px; }
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--err); }
.field-error { color: var(--err); font-size: .9rem; margin-top: .3rem; }
.alert { padding: .75rem 1rem; border-radius: 8px; margin-bottom: 1rem; }
.alert-error { background: var(--err-bg); color: var(--err); }
.alert-ok { background: var(--ok-bg); color: var(--ok); }
.alert ul { margin: .25rem 0 0; padding-left: 1.2rem; }
button { width: 100%; padding: .7rem 1rem; font: inherit; font-weight: 600; color: var(--accent-fg); background: var(--accent); border: 0; border-radius: 8px; cursor: pointer; }
footer { margin-top: 1.5rem; font-size: .8rem; color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; border: 0; }
a.button, button.secondary { display: block; width: 100%; padding: .65rem 1rem; margin-bottom: .6rem; text-align: center; font: inherit; font-weight: 600; text-decoration: none; color: var(--fg); background: transparent; border: 1px solid var(--line); border-radius: 8px; }
.or { text-align: center; color: var(--muted); font-size: .9rem; margin: 1rem 0; }
.choices { list-style: none; padding: 0; margin: 0 0 1rem; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .8rem; color: var(--muted); }
`;
