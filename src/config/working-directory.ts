import path from 'node:path';

/**
 * The directory the user ran the command in: its `.env` and `.latchkey/` hold the settings.
 * `npm start` / `npm run` change to the package root and leave the user's directory in INIT_CWD
 * (npx does not change directory). An INIT_CWD inherited from an unrelated npm run is ignored:
 * it counts only while the current directory is the root of the package npm is running.
 */
export function workingDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const npmPackageJson = env.npm_package_json;
  if (env.INIT_CWD && npmPackageJson && path.resolve(path.dirname(npmPackageJson)) === path.resolve(cwd)) return path.resolve(env.INIT_CWD);
  return path.resolve(cwd);
}
