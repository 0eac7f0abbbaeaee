import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HealthDeps {
  ping(): Promise<void>;
  draining(): boolean;
  metrics: Registry;
}

export function registerHealth(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Not ready while draining (so a load balancer stops sending) or when the database is unreachable.
  app.get('/readyz', async (_req, reply) => {
    if (deps.draining()) return reply.status(503).send({ status: 'draining' });
    try {
      await deps.ping();
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', deps.metrics.contentType);
    // prom-client renders NaN (e.g. an event-loop gauge before its first sample) as `Nan`; the format says `NaN`.
    return (await deps.metrics.metrics()).replace(/ Nan$/gm, ' NaN');
  });
}
