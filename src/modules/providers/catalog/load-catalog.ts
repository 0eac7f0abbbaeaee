import { readdirSync, readFileSync } from 'node:fs';
import { DomainError } from '../../errors/domain-error.js';
import type { ProviderDefinition } from '../definition/provider-definition.js';
import { validateProviderDefinition } from '../definition/validate-definition.js';

/** A catalog entry: a validated definition whose key is its file name. */
export type BuiltinProvider = ProviderDefinition & { key: string };

const CATALOG_DIR = new URL('.', import.meta.url);
let cached: ReadonlyMap<string, BuiltinProvider> | undefined;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
}

function loadFile(file: string): BuiltinProvider {
  const key = file.slice(0, -'.json'.length);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(new URL(file, CATALOG_DIR), 'utf8'));
  } catch (e) {
    throw new Error(`built-in provider catalog/${file} is not valid JSON: ${(e as Error).message}`);
  }
  let def: ProviderDefinition;
  try {
    def = validateProviderDefinition(raw);
  } catch (e) {
    if (e instanceof DomainError) throw new Error(`built-in provider catalog/${file} is invalid: ${e.message}`);
    throw e;
  }
  if (def.key !== key) throw new Error(`built-in provider catalog/${file} must have "key": "${key}" (found ${JSON.stringify(def.key)})`);
  return deepFreeze({ ...def, key });
}

/** Every built-in provider by key, read and validated once; throws at start-up naming a bad file. */
export function loadBuiltinCatalog(): ReadonlyMap<string, BuiltinProvider> {
  if (cached) return cached;
  const map = new Map<string, BuiltinProvider>();
  for (const file of readdirSync(CATALOG_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const provider = loadFile(file);
    map.set(provider.key, provider);
  }
  // A Map ignores Object.freeze, so disable its mutators explicitly.
  const refuse = () => {
    throw new TypeError('the built-in provider catalog is read-only');
  };
  for (const m of ['set', 'delete', 'clear']) Object.defineProperty(map, m, { value: refuse });
  cached = Object.freeze(map);
  return cached;
}
