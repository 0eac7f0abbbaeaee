/** A compiled google.api.http path such as `/api/v1/organizations/{id}:verify` or `{name=projects/*}`. */
export interface PathTemplate {
  regex: RegExp;
  /** Field paths bound by the template's variables, in capture order (`organization.id`). */
  vars: string[];
  /** Literal characters, used to prefer the most specific template when several match. */
  specificity: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compilePathTemplate(template: string): PathTemplate {
  const vars: string[] = [];
  let pattern = '';
  let literal = 0;
  const re = /\{([a-zA-Z0-9_.]+)(?:=([^}]*))?\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const text = template.slice(last, m.index);
    pattern += escape(text);
    literal += text.length;
    vars.push(m[1]);
    // `{x=**}` spans slashes; `{x}` and `{x=segments/*}` capture one or more fixed segments.
    pattern += m[2] === undefined || !m[2].includes('**') ? (m[2] ? `(${m[2].split('/').map((s) => (s === '*' ? '[^/]+' : escape(s))).join('/')})` : '([^/]+?)') : '(.+)';
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  pattern += escape(tail);
  literal += tail.length;
  return { regex: new RegExp(`^${pattern}$`), vars, specificity: literal };
}
