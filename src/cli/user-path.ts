import path from 'node:path';
import { workingDirectory } from '../config/working-directory.js';

/**
 * A path the user typed, made absolute from THEIR directory: `npm run latchkey -- … --file x.json`
 * runs with the package root as cwd and leaves the directory npm was started in in INIT_CWD.
 */
export function userPath(p: string): string {
  return path.resolve(workingDirectory(), p);
}
