import { html, type SafeHtml } from './html.js';
import { STYLESHEET_PATH } from './page-css.js';

/** The page chrome every hosted page shares: one landmark, one h1, the stylesheet, no script. */
export function layout(title: string, body: SafeHtml): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title} · Latchkey</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
<div class="brand" aria-hidden="true">Latchkey</div>
<h1 id="page-title">${title}</h1>
${body}
<footer>Secured by Latchkey</footer>
</main>
</body>
</html>`}`;
}
