import type { JsonObject } from '@bufbuild/protobuf';
import { invalidArgument } from '../../errors/domain-error.js';

export type Params = Record<string, unknown>;

/** One concrete tool behind a generic name: the provider it runs on, and how shapes map both ways. */
export interface AliasTarget {
  /** Catalog provider key (`gmail`); the user needs an ACTIVE account on a connection to it. */
  provider: string;
  /** Catalog tool name (`gmail_send_email`). */
  tool: string;
  /** The seed's parameters → the concrete tool's input. */
  params(p: Params): JsonObject;
  /** The concrete tool's output → what the seed's code reads. */
  result(out: JsonObject, p: Params): unknown;
}

export interface ToolAlias {
  name: string;
  /** The seed's parameters, for the README table. */
  summary: string;
  /** In order of preference, when the user has accounts on several of the providers. */
  targets: AliasTarget[];
}

/** Parameter checks that name `<alias>.<field>`: the concrete tool validates the rest. */
export function text(p: Params, alias: string, key: string, required = true): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) {
    if (required) throw invalidArgument(`${alias}.parameters.${key}`, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') throw invalidArgument(`${alias}.parameters.${key}`, 'must be a string');
  return v;
}

export function list(p: Params, alias: string, key: string, required = true): string[] | undefined {
  const v = p[key];
  if (v === undefined || v === null) {
    if (required) throw invalidArgument(`${alias}.parameters.${key}`, 'is required');
    return undefined;
  }
  const items = Array.isArray(v) ? v : [v];
  if (!items.every((i) => typeof i === 'string')) throw invalidArgument(`${alias}.parameters.${key}`, 'must be a list of strings');
  return items as string[];
}

/** Drops undefined fields: the concrete tools refuse nulls where they expect a value. */
export const defined = (o: Record<string, unknown>): JsonObject =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as JsonObject;
