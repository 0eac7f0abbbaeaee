import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'protocol' | 'route' | 'status'>;
  duration: Histogram<'protocol' | 'route'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({ name: 'latchkey_requests_total', help: 'Requests served', labelNames: ['protocol', 'route', 'status'], registers: [registry] }),
    duration: new Histogram({
      name: 'latchkey_request_duration_seconds',
      help: 'Request latency',
      labelNames: ['protocol', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}
