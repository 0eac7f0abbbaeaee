import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ExampleRun { code: number | null; stdout: string; stderr: string }

/** Runs `examples/<name>/main.ts` as a user would (`tsx`), with only PATH and the given environment. */
export function runExampleMain(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${name}/main.ts`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The SCALEKIT_* variables every example reads, for a test environment's API client. */
export const scalekitEnv = (url: string, client: { clientId: string; clientSecret: string }) => ({
  SCALEKIT_ENVIRONMENT_URL: url, SCALEKIT_CLIENT_ID: client.clientId, SCALEKIT_CLIENT_SECRET: client.clientSecret,
});
