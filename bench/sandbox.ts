/**
 * Code-tool sandbox benchmark (`npx tsx bench/sandbox.ts`; a section of `npm run bench:tools` once
 * wired there): the overhead the sandbox adds to a trivial code tool, in one process, nothing else
 * running:
 *   load     — compiling and instantiating the QuickJS WASM module (once per process),
 *   cold     — the first execution after loading (the engine's code not yet warm),
 *   warm     — a trivial tool `async (p) => ({ n: p.n + 1 })`, p50/p95 over many runs, a turn of
 *              the event loop between runs (the VM pool refills then, as between a server's requests),
 *   one call — the same with one `context.tools.execute` answered at once by the host (the
 *              sandbox's share of a code tool wrapping one built-in tool),
 *   no idle  — the trivial tool back to back: no time to refill the pool, every VM made on the spot,
 *   prepare  — making (and freeing) one pooled VM, the work moved off the request path,
 *   engines  — a fresh runtime + context + one call, sync build (promises settled through
 *              executePendingJobs, what runCodeTool uses) vs the asyncify build (host calls that
 *              suspend the VM): why the sync build was chosen.
 * Target: warm ≤ 2 ms p50.
 *
 *   npx tsx bench/sandbox.ts
 *   BENCH_SANDBOX_RUNS=2000 npx tsx bench/sandbox.ts
 */
import { RELEASE_ASYNC, RELEASE_SYNC, newQuickJSAsyncWASMModule, newQuickJSWASMModule } from 'quickjs-emscripten';

const RUNS = Number(process.env.BENCH_SANDBOX_RUNS ?? 1000);
const TARGET_P50_MS = 2;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

/**
 * `idle`: a turn of the event loop between runs (outside the timing), as a server at concurrency 1
 * has between requests: that is when the VM pool makes the next execution's VM. Without it the runs
 * are back to back and every VM is made on the request path.
 */
async function timed(runs: number, once: () => Promise<unknown>, idle = false): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (idle) await new Promise((r) => setImmediate(r));
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

async function main(): Promise<void> {
  let t = performance.now();
  await newQuickJSWASMModule(RELEASE_SYNC);
  const loadMs = performance.now() - t;
  const sandbox = await import('../src/modules/tools/sandbox/index.js');
  const host = { call: async () => ({ message_id: 'm_1', status: 'sent' }), generateId: () => 'id' };
  let seq = 0;
  const run = (source: string) => sandbox.runCodeTool({ source, params: { n: 1 }, host, executionId: `exe_${++seq}` });
  const trivial = 'async (p) => ({ n: p.n + 1 })';
  const oneCall = `async (p, context) => { const r = await context.tools.execute({ tool: 'send_email', parameters: { to: ['a@b.co'] } }); return { id: r.message_id }; }`;

  t = performance.now();
  await run(trivial);
  const coldMs = performance.now() - t;
  for (let i = 0; i < 100; i++) await run(oneCall); // warm both paths before measuring
  const warm = await timed(RUNS, () => run(trivial), true);
  const withCall = await timed(RUNS, () => run(oneCall), true);
  const backToBack = await timed(RUNS, () => run(trivial));
  const { prepareVm } = await import('../src/modules/tools/sandbox/vm-pool.js');
  const prepare = await timed(RUNS, async () => prepareVm().free());

  // Engines: the bare cost of one execution's VM with one host call, each build its own way.
  const { quickjsModule } = await import('../src/modules/tools/sandbox/quickjs-module.js');
  const sync = quickjsModule();
  const syncEngine = await timed(RUNS, async () => {
    const rt = sync.newRuntime();
    const vm = rt.newContext();
    const d = vm.newPromise();
    const fn = vm.newFunction('host', () => d.handle);
    vm.setProp(vm.global, 'host', fn);
    fn.dispose();
    const r = vm.unwrapResult(vm.evalCode('host().then((x) => globalThis.out = x)'));
    r.dispose();
    const s = vm.newString('ok');
    d.resolve(s);
    s.dispose();
    d.dispose();
    rt.executePendingJobs();
    vm.dispose();
    rt.dispose();
  });
  const asyncModule = await newQuickJSAsyncWASMModule(RELEASE_ASYNC);
  const asyncEngine = await timed(RUNS, async () => {
    // A context that owns its runtime: freeing a separate asyncify runtime trips over the function's host ref.
    const vm = asyncModule.newContext();
    const fn = vm.newAsyncifiedFunction('host', async () => vm.newString('ok'));
    vm.setProp(vm.global, 'host', fn);
    fn.dispose();
    const r = await vm.evalCodeAsync('globalThis.out = host()');
    vm.unwrapResult(r).dispose();
    vm.dispose();
  });

  console.log(`code-tool sandbox (quickjs-emscripten, ${RUNS} runs each)`);
  console.log(`  load      ${fmt(loadMs)}   (WASM module, once per process)`);
  console.log(`  cold      ${fmt(coldMs)}   (first execution)`);
  console.log(`  warm      p50 ${fmt(warm.p50)}  p95 ${fmt(warm.p95)}   target p50 ≤ ${TARGET_P50_MS} ms: ${warm.p50 <= TARGET_P50_MS ? 'met' : 'MISSED'}`);
  console.log(`  one call  p50 ${fmt(withCall.p50)}  p95 ${fmt(withCall.p95)}   (one context.tools.execute, host answers at once)`);
  console.log(`  no idle   p50 ${fmt(backToBack.p50)}  p95 ${fmt(backToBack.p95)}   (trivial, back to back: the pool is empty, each VM made on the request path)`);
  console.log(`  prepare   p50 ${fmt(prepare.p50)}   (making + freeing one pooled VM: runtime, context, prelude; done between requests)`);
  console.log(`  engines   sync+promises p50 ${fmt(syncEngine.p50)}   asyncify p50 ${fmt(asyncEngine.p50)}   (runtime + context + one host call)`);
}

await main();
