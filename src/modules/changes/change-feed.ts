/**
 * What changed, as far as in-process caches care:
 * - `account`: a connected account's status or credentials (CredentialService's cache);
 * - `environment`: anything else the Tool Proxy resolves per environment (connections, custom
 *   providers, environment settings such as proxy_allowed_hosts).
 */
export type Change = { kind: 'account'; envId: string; accountId: string } | { kind: 'environment'; envId: string };

export type ChangeListener = (change: Change) => void;

/**
 * In-process notifications from the code that writes to the caches that read: a change made
 * through this process is seen at once. Other replicas (and the CLI, a separate process) are
 * covered by the caches' short TTLs.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }

  accountChanged(envId: string, accountId: string): void {
    this.publish({ kind: 'account', envId, accountId });
  }

  environmentChanged(envId: string): void {
    this.publish({ kind: 'environment', envId });
  }
}
