import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { openCore } from '../server/core.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../modules/environments/environments.js';
import { listProviders } from '../modules/providers/provider-registry.js';
import { createCustomProvider, deleteCustomProvider, updateCustomProvider } from '../modules/providers/custom/custom-providers.js';
import { planPromotion, promoteProvider, type PromotionPlan } from '../modules/providers/custom/promote.js';
import { providerToJson } from '../modules/providers/provider.js';
import { DomainError } from '../modules/errors/domain-error.js';
import { describeDestinationChange } from '../modules/providers/custom/credential-destinations.js';
import { readJsonFile } from './read-json-file.js';

export interface ProviderArgs {
  action: string;
  identifier?: string;
  file?: string;
  env: string;
  from: string;
  to: string;
  type?: string;
  /** `--confirm-destination-change`: allow a promotion that changes where credentials are sent. */
  confirmDestinationChange?: boolean;
}

function providerFile(file: string | undefined): unknown {
  if (!file) throw new DomainError('invalid_argument', 'a JSON file is required (--file provider.json), e.g. a payload from auth-patterns');
  return readJsonFile(file);
}

function printPlan(plan: PromotionPlan, applied: boolean): string {
  const head = `${plan.identifier}: ${plan.from} → ${plan.to}: ${plan.action === 'none' ? 'already identical, nothing to do' : `${plan.action}${applied ? 'd' : ' (dry run)'}`}`;
  const lines = plan.changes.map((c) => `  ${c.path}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`);
  const destinations = plan.destinationChanges.length
    ? [`credentials ${applied ? 'now go' : 'would go'} to new hosts${applied ? '' : ' (promote needs --confirm-destination-change)'}:`, ...plan.destinationChanges.map((c) => `  ${describeDestinationChange(c)}`)]
    : [];
  return [head, ...lines, ...destinations].join('\n');
}

/**
 * `latchkey providers list|create|update|delete|diff|promote`: the custom-provider API from the shell.
 * The CLI is the operator (database access, no token), so it may promote between any two environments.
 */
export async function providersCommand(config: Config, log: Logger, a: ProviderArgs): Promise<void> {
  const core = await openCore(config, log);
  const out = (s: string): void => void process.stdout.write(s + '\n');
  try {
    const db = core.storage.db;
    await ensureDefaultEnvironments(db);
    const env = await findEnvironmentByName(db, a.env);
    const need = () => {
      if (!a.identifier) throw new DomainError('invalid_argument', `providers ${a.action} needs a provider identifier`);
      return a.identifier;
    };
    switch (a.action) {
      case 'list': {
        const page = await listProviders(db, env.id, { providerType: a.type, pageSize: 1000 });
        if (!page.items.length) return out(`no ${a.type ? `${a.type.toLowerCase()} ` : ''}providers in ${env.name}; create one with: npx latchkey providers create --file provider.json --env ${env.name}`);
        for (const p of page.items) out(`${p.identifier}\t${p.providerType}\t${p.definition.display_name}\t${p.definition.auth_patterns.map((x) => x.type).join(',')}`);
        return;
      }
      case 'create':
        return out(JSON.stringify(providerToJson(await createCustomProvider(db, env.id, providerFile(a.file))), null, 2));
      case 'update':
        return out(JSON.stringify(providerToJson(await updateCustomProvider(db, env.id, need(), providerFile(a.file))), null, 2));
      case 'delete':
        await deleteCustomProvider(db, env.id, need());
        return out(`deleted ${a.identifier} from ${a.env}`);
      case 'diff':
        return out(printPlan(await planPromotion(db, need(), a.from, a.to), false));
      case 'promote': {
        const plan = await promoteProvider(db, need(), a.from, a.to, { confirmDestinationChange: a.confirmDestinationChange });
        return out(printPlan(plan, plan.action !== 'none'));
      }
      default:
        throw new DomainError('invalid_argument', `unknown providers action '${a.action}' (list, create, update, delete, diff, promote)`);
    }
  } finally {
    await core.close();
  }
}
