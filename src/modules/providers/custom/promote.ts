import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import { findEnvironmentByName } from '../../environments/environments.js';
import { createCustomProvider, getCustomProvider, updateCustomProvider } from './custom-providers.js';

export interface DefinitionChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface PromotionPlan {
  identifier: string;
  from: string;
  to: string;
  action: 'create' | 'update' | 'none';
  changes: DefinitionChange[];
}

/** Leaf-by-leaf differences between two JSON values, with paths like `auth_patterns[0].fields[1].label`. */
export function diffJson(a: unknown, b: unknown, path = ''): DefinitionChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === 'object';
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: DefinitionChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffJson(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((k) => diffJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [{ path: path || '(root)', from: a, to: b }];
}

/** What promoting `identifier` from one environment to another would do; changes nothing. */
export async function planPromotion(db: Kysely<Tables>, identifier: string, fromName: string, toName: string): Promise<PromotionPlan> {
  if (fromName === toName) throw new DomainError('invalid_argument', 'from and to must be different environments', { reason: 'INVALID_ARGUMENT' });
  const [from, to] = [await findEnvironmentByName(db, fromName), await findEnvironmentByName(db, toName)];
  const source = await getCustomProvider(db, from.id, identifier);
  if (!source) throw notFound('custom provider', `${identifier}' in environment '${fromName}`, 'PROVIDER_NOT_FOUND');
  const target = await getCustomProvider(db, to.id, identifier);
  if (!target) return { identifier, from: fromName, to: toName, action: 'create', changes: diffJson({}, source.definition) };
  const changes = diffJson(target.definition, source.definition);
  return { identifier, from: fromName, to: toName, action: changes.length ? 'update' : 'none', changes };
}

/** Create-or-update in the target environment from the source definition; a no-op when they match. */
export async function promoteProvider(db: Kysely<Tables>, identifier: string, fromName: string, toName: string): Promise<PromotionPlan> {
  const plan = await planPromotion(db, identifier, fromName, toName);
  if (plan.action === 'none') return plan;
  const from = await findEnvironmentByName(db, fromName);
  const to = await findEnvironmentByName(db, toName);
  const source = (await getCustomProvider(db, from.id, identifier))!;
  const body = { ...source.definition, key: identifier };
  if (plan.action === 'create') await createCustomProvider(db, to.id, body);
  else await updateCustomProvider(db, to.id, identifier, body);
  return plan;
}
