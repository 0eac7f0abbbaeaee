import { create, fromJson, toJson, type DescMessage, type DescMethod } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, invalidArgument } from '../../modules/errors/domain-error.js';
import { SDK_SERVICES } from '../rpc/sdk-services.js';
import type { RpcDispatcher } from '../rpc/rpc-dispatcher.js';
import { toHttpError } from '../errors/to-http-error.js';
import type { ErrorReporter } from '../errors/to-connect-error.js';
import { httpBindings, type HttpBinding } from './http-rules.js';
import { compilePathTemplate, type PathTemplate } from './path-template.js';
import { queryToJson, setPath } from './query-to-json.js';
import { sendMethodNotAllowed } from './method-not-allowed.js';
import type { RouteMethods } from './route-methods.js';

/** Where the transcoder listens; it routes further by the SDK's `google.api.http` paths. */
const REST_CATCH_ALL = '/api/*';

interface Route {
  binding: HttpBinding;
  template: PathTemplate;
  method: DescMethod;
}

/** Every SDK method at its `google.api.http` path(s), most specific template first. */
export function restRoutes(): Route[] {
  const routes: Route[] = [];
  for (const service of SDK_SERVICES) {
    for (const method of service.methods) {
      for (const binding of httpBindings(method)) routes.push({ binding, template: compilePathTemplate(binding.path), method });
    }
  }
  return routes.sort((a, b) => b.template.specificity - a.template.specificity);
}

function buildRequestJson(route: Route, match: RegExpExecArray, query: URLSearchParams, body: unknown): Record<string, unknown> {
  const input: DescMessage = route.method.input;
  const json: Record<string, unknown> = {};
  const { body: bodyField } = route.binding;
  if (bodyField === '*') {
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw invalidArgument('body', 'must be a JSON object');
    Object.assign(json, body ?? {});
  } else if (bodyField) {
    if (body !== undefined) json[bodyField] = body;
    queryToJson(input, query, json);
  } else {
    queryToJson(input, query, json);
  }
  route.template.vars.forEach((v, i) => setPath(json, v, decodeURIComponent(match[i + 1])));
  return json;
}

/**
 * REST face of the RPCs: the same handler as gRPC/Connect, JSON in and out with proto field
 * names (snake_case), as Scalekit's REST API does.
 */
export function registerRestTranscoder(app: FastifyInstance, dispatcher: RpcDispatcher, report: ErrorReporter, routeMethods: RouteMethods): void {
  const routes = restRoutes();
  // The catch-all below answers only the SDK's paths: the method table asks them, not the wildcard.
  // Only the most specific templates count: `/connections/{id}` also matches `/connections/x:enable`.
  routeMethods.delegate(REST_CATCH_ALL, (path) => {
    const matching = routes.filter((r) => r.template.regex.test(path));
    return matching.filter((r) => r.template.specificity === matching[0].template.specificity).map((r) => r.binding.method);
  });
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(req.url, 'http://x');
    const route = routes.find((r) => r.binding.method === req.method && r.template.regex.test(url.pathname));
    try {
      if (!route) {
        // A path of the transcoder or of a plain REST route (custom providers…) asked with another method.
        const allowed = routeMethods.allowed(url.pathname);
        if (allowed.length) return sendMethodNotAllowed(reply, { method: req.method, path: url.pathname }, allowed, report);
        throw new DomainError('not_found', `no API route matches ${req.method} ${url.pathname}`, { reason: 'ROUTE_NOT_FOUND' });
      }
      const match = route.template.regex.exec(url.pathname)!;
      let message;
      try {
        message = fromJson(route.method.input, buildRequestJson(route, match, url.searchParams, req.body) as never, { ignoreUnknownFields: false });
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw new DomainError('invalid_argument', `request does not match ${route.method.input.typeName}: ${(err as Error).message}`, { reason: 'INVALID_ARGUMENT' });
      }
      const out = await dispatcher.call({
        method: route.method,
        message,
        authorization: req.headers.authorization,
        requestId: (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
        header: (name) => {
          const v = req.headers[name.toLowerCase()];
          return Array.isArray(v) ? v[0] : v;
        },
      });
      const response = create(route.method.output, out as never);
      return reply.status(200).send(toJson(route.method.output, response, { useProtoFieldName: true, alwaysEmitImplicit: true }));
    } catch (err) {
      const { status, body } = toHttpError(err, report);
      return reply.status(status).send(body);
    }
  };
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: REST_CATCH_ALL, handler });
}
