import { DomainError } from '../../errors/domain-error.js';

export const customToolNotFound = (what: string) =>
  new DomainError('not_found', `custom tool '${what}' was not found in this environment`, { reason: 'TOOL_NOT_FOUND' });

export const versionNotFound = (name: string, version: string, have: string[]) =>
  new DomainError('not_found', `tool '${name}' has no version ${version}${have.length ? ` (it has ${have.join(', ')})` : ''}`, { reason: 'TOOL_VERSION_NOT_FOUND' });
