import fs from 'node:fs';
import { DomainError } from '../modules/errors/domain-error.js';
import { userPath } from './user-path.js';

/** The JSON file a CLI option names (`--file x.json`), read from the user's directory. */
export function readJsonFile(file: string): unknown {
  const resolved = userPath(file);
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch (err) {
    throw new DomainError('invalid_argument', `cannot read ${resolved} as JSON: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DomainError('invalid_argument', `${resolved} is not valid JSON: ${(err as Error).message}`);
  }
}
