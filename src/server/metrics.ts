import { Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

export interface Metrics {
  registry: Registry;
  /** Requests served and their latency, per protocol and route. */
  requests: RequestMetrics;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, requests: new RequestMetrics(registry) };
}
