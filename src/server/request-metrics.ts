import type { Registry } from 'prom-client';

/** Upper bounds of the latency histogram, seconds. */
const BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] as const;

type Labels = Record<string, string | number>;

/** Counts and latencies of one (protocol, route): what a request adds is a few plain increments. */
export class RouteSeries {
  readonly statuses = new Map<number, number>();
  readonly buckets = new Float64Array(BUCKETS.length);
  sum = 0;
  count = 0;

  constructor(readonly labels: Readonly<{ protocol: string; route: string }>) {}

  record(status: number, seconds: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        this.buckets[i]++;
        break;
      }
    }
    this.sum += seconds;
    this.count++;
  }
}

/**
 * `latchkey_requests_total` and `latchkey_request_duration_seconds`, rendered by prom-client's
 * registry at scrape time. Kept in plain numbers rather than prom-client's Counter/Histogram, whose
 * per-call label validation and hashing cost the Tool Proxy's hot path several µs per request.
 */
export class RequestMetrics {
  private readonly series = new Map<string, RouteSeries>();

  constructor(registry: Registry) {
    const all = () => [...this.series.values()];
    // prom-client renders any registered object shaped like its metrics (name, help, type, get, reset).
    registry.registerMetric({
      name: 'latchkey_requests_total',
      help: 'Requests served',
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({
        name: 'latchkey_requests_total',
        help: 'Requests served',
        type: 'counter',
        aggregator: 'sum',
        values: all().flatMap((s) => [...s.statuses].map(([status, value]) => ({ labels: { ...s.labels, status: String(status) } as Labels, value }))),
      }),
      reset: () => this.series.clear(),
    } as never);
    registry.registerMetric({
      name: 'latchkey_request_duration_seconds',
      help: 'Request latency',
      type: 'histogram',
      aggregator: 'sum',
      get: async () => ({
        name: 'latchkey_request_duration_seconds',
        help: 'Request latency',
        type: 'histogram',
        aggregator: 'sum',
        values: all().flatMap((s) => histogramValues(s)),
      }),
      reset: () => this.series.clear(),
    } as never);
  }

  /** The series of one route, to keep on the hot path instead of looking it up per request. */
  route(protocol: string, route: string): RouteSeries {
    const key = `${protocol} ${route}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new RouteSeries({ protocol, route })));
    return s;
  }
}

function histogramValues(s: RouteSeries): Array<{ labels: Labels; value: number; metricName: string }> {
  const name = 'latchkey_request_duration_seconds';
  const out: Array<{ labels: Labels; value: number; metricName: string }> = [];
  let cumulative = 0;
  BUCKETS.forEach((le, i) => {
    cumulative += s.buckets[i];
    out.push({ labels: { ...s.labels, le }, value: cumulative, metricName: `${name}_bucket` });
  });
  out.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${name}_bucket` });
  out.push({ labels: { ...s.labels }, value: s.sum, metricName: `${name}_sum` });
  out.push({ labels: { ...s.labels }, value: s.count, metricName: `${name}_count` });
  return out;
}
