import type { FastifyInstance, FastifyRequest } from 'fastify';
import { builtinToolRegistry, type ToolRegistry } from '../../modules/tools/registry/tool-registry.js';
import { createCustomTool, updateCustomTool } from '../../modules/tools/custom/register-custom-tool.js';
import { customToolVersions, deleteCustomTool, deprecateCustomTool, setDefaultCustomTool } from '../../modules/tools/custom/custom-tool-versions.js';
import { allCustomToolRows } from '../../modules/tools/custom/custom-tool-store.js';
import { customToolFromRow, customToolJson, type CustomTool } from '../../modules/tools/custom/custom-tool.js';
import { versionNotFound } from '../../modules/tools/custom/custom-tool-errors.js';
import { FailureLimiter } from './failure-limiter.js';
import { secretOrTokenRoute, type SecretOrTokenDeps } from './secret-or-token-route.js';

const PATH = '/v1/connect/tools/custom';
type Params = { name: string; version: string };
const paramsOf = (req: FastifyRequest) => req.params as Params;
const versionsJson = (name: string, all: CustomTool[]) => ({ name, default_version: all.find((t) => t.isDefault)?.toolVersion ?? null, versions: all.map(customToolJson) });

/**
 * Custom tools of the caller's environment (the seed's REST call, and what its `tools.deprecate`
 * needs), authenticated by an access token or the raw client secret:
 *   POST   /v1/connect/tools/custom                                  the seed's body → 201 the version registered
 *   GET    /v1/connect/tools/custom                                  {tools: every version}
 *   GET    /v1/connect/tools/custom/{name}                           {name, default_version, versions}
 *   PUT    /v1/connect/tools/custom/{name}/versions/{v}              replace that version in place
 *   POST   /v1/connect/tools/custom/{name}/versions/{v}/default      make it the default
 *   POST   /v1/connect/tools/custom/{name}/versions/{v}/deprecate    flag it (still runs, with a warning)
 *   DELETE /v1/connect/tools/custom/{name}/versions/{v}              remove one version (not the default while others remain)
 *   DELETE /v1/connect/tools/custom/{name}                           remove every version
 */
export function registerCustomToolRoutes(app: FastifyInstance, deps: Omit<SecretOrTokenDeps, 'failures'> & { tools?: ToolRegistry }): void {
  const auth = { ...deps, failures: new FailureLimiter() };
  const route = (h: Parameters<typeof secretOrTokenRoute>[1]) => secretOrTokenRoute(auth, h);
  const base = () => deps.tools ?? builtinToolRegistry();

  app.post(PATH, route(async (req, p) => ({ status: 201, body: customToolJson(await createCustomTool(deps.db, base(), p.environmentId, req.body)) })));
  app.get(PATH, route(async (_req, p) => ({ body: { tools: (await allCustomToolRows(deps.db, p.environmentId)).map((r) => customToolJson(customToolFromRow(r))) } })));
  app.get(`${PATH}/:name`, route(async (req, p) => {
    const { name } = paramsOf(req);
    return { body: versionsJson(name, await customToolVersions(deps.db, p.environmentId, name)) };
  }));
  app.put(`${PATH}/:name/versions/:version`, route(async (req, p) => {
    const { name, version } = paramsOf(req);
    const all = await customToolVersions(deps.db, p.environmentId, name);
    const target = all.find((t) => t.toolVersion === version);
    if (!target) throw versionNotFound(name, version, all.map((t) => t.toolVersion));
    return { body: customToolJson(await updateCustomTool(deps.db, p.environmentId, target.id, req.body)) };
  }));
  app.post(`${PATH}/:name/versions/:version/default`, route(async (req, p) => {
    const { name, version } = paramsOf(req);
    return { body: customToolJson(await setDefaultCustomTool(deps.db, p.environmentId, { name, toolVersion: version })) };
  }));
  app.post(`${PATH}/:name/versions/:version/deprecate`, route(async (req, p) => {
    const { name, version } = paramsOf(req);
    return { body: customToolJson(await deprecateCustomTool(deps.db, p.environmentId, name, version)) };
  }));
  app.delete(`${PATH}/:name/versions/:version`, route(async (req, p) => {
    const { name, version } = paramsOf(req);
    await deleteCustomTool(deps.db, p.environmentId, name, version);
    return { body: {} };
  }));
  app.delete(`${PATH}/:name`, route(async (req, p) => {
    await deleteCustomTool(deps.db, p.environmentId, paramsOf(req).name);
    return { body: {} };
  }));
}
