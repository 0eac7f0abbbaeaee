import http from 'node:http';
import { listenLoopback, parseQuery, readRequest, sendJson } from './loopback-http.js';

/** One request as the fake received it, for exact assertions. */
export interface HubSpotRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

interface CrmObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  associations?: Record<string, { id: string; type: string }[]>;
}

export interface HubSpotFake {
  url: string;
  requests: HubSpotRequest[];
  last(): HubSpotRequest;
  contacts: Map<string, CrmObject>;
  deals: Map<string, CrmObject>;
  close(): Promise<void>;
}

const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'];
/** Properties every CRM read returns whatever was asked, as HubSpot does. */
const ALWAYS = ['createdate', 'hs_object_id', 'lastmodifieddate'];
/** Properties the search endpoint's `query` looks in for contacts. */
const SEARCHABLE = ['firstname', 'lastname', 'email', 'phone', 'company'];

const object = (id: string, at: string, properties: Record<string, string | null>): CrmObject => ({
  id, properties: { ...properties, createdate: at, hs_object_id: id, lastmodifieddate: at }, createdAt: at, updatedAt: at, archived: false,
});

// Sample records shaped like the CRM v3 reference's examples.
function seed() {
  const contacts = new Map<string, CrmObject>([
    ['512', object('512', '2019-10-30T03:30:17.883Z', { email: 'bcooper@biglytics.net', firstname: 'Bryan', lastname: 'Cooper', phone: '(877) 929-0687', company: 'Biglytics', jobtitle: 'CTO', lifecyclestage: 'customer' })],
    ['513', object('513', '2019-11-02T09:12:44.102Z', { email: 'mjones@biglytics.net', firstname: 'Maria', lastname: 'Jones', phone: null, company: 'Biglytics', jobtitle: null, lifecyclestage: 'lead' })],
    ['514', object('514', '2019-12-07T16:50:06.678Z', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', phone: null, company: null, jobtitle: null, lifecyclestage: 'subscriber' })],
  ]);
  contacts.get('512')!.associations = {
    companies: [{ id: '9876543210', type: 'contact_to_company' }, { id: '9876543210', type: 'contact_to_company_unlabeled' }],
    deals: [{ id: '10434789101', type: 'contact_to_deal' }],
  };
  const deals = new Map<string, CrmObject>([
    ['10434789101', object('10434789101', '2024-01-15T10:00:00.000Z', { dealname: 'Biglytics — annual plan', dealstage: 'contractsent', pipeline: 'default', amount: '1500.00', closedate: '2024-03-31T00:00:00Z', hubspot_owner_id: '910901' })],
    ['10434789102', object('10434789102', '2024-02-01T10:00:00.000Z', { dealname: 'Biglytics — add-on seats', dealstage: 'qualifiedtobuy', pipeline: 'default', amount: '', closedate: null, hubspot_owner_id: null })],
    ['10434789103', object('10434789103', '2024-02-20T10:00:00.000Z', { dealname: 'Contoso pilot', dealstage: 'closedwon', pipeline: 'default', amount: '9000', closedate: '2024-02-28T00:00:00Z', hubspot_owner_id: '910901' })],
  ]);
  return { contacts, deals };
}

const json = (res: http.ServerResponse, status: number, payload: unknown) => sendJson(res, status, payload, 'application/json;charset=utf-8');

const error = (res: http.ServerResponse, status: number, category: string, message: string, extra: Record<string, unknown> = {}) =>
  json(res, status, { status: 'error', message, correlationId: 'aeb5f871-7f07-4993-9211-075dc63e7cbf', ...extra, category });

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : ([] as string[]).concat(v).flatMap((s) => s.split(',')));

/** An object as a read returns it: only the requested properties plus the ones HubSpot always sends. */
function view(obj: CrmObject, properties: string[], associations: string[] = []) {
  const wanted = properties.length ? [...ALWAYS, ...properties] : Object.keys(obj.properties);
  const out: Record<string, unknown> = {
    id: obj.id,
    properties: Object.fromEntries(wanted.map((p) => [p, obj.properties[p] ?? null])),
    createdAt: obj.createdAt, updatedAt: obj.updatedAt, archived: obj.archived,
  };
  const assoc = associations.filter((a) => obj.associations?.[a]?.length);
  if (assoc.length) out.associations = Object.fromEntries(assoc.map((a) => [a, { results: obj.associations![a] }]));
  return out;
}

/**
 * A loopback HubSpot CRM v3 API: contacts (create, search, read, update) and deals (create, list),
 * answering like the real API (`{status: "error", message, category}` on 4xx, `paging.next.after`).
 */
/** `token` is the access token the fake accepts (the connector tests' default unless given). */
export async function startHubSpotFake(opts: { token?: string } = {}): Promise<HubSpotFake> {
  const token = opts.token ?? 'test-access-token';
  const { contacts, deals } = seed();
  const requests: HubSpotRequest[] = [];
  let nextId = 600;
  const now = '2025-06-01T12:00:00.000Z';

  const handle = (rec: HubSpotRequest, res: http.ServerResponse) => {
    if (rec.headers.authorization !== `Bearer ${token}`) {
      return error(res, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
    }
    const { method, path, query } = rec;
    const body = (rec.body ?? {}) as Record<string, any>;
    const m = /^\/crm\/v3\/objects\/(contacts|deals)(?:\/([^/]+))?$/.exec(path);
    if (!m) return error(res, 404, 'OBJECT_NOT_FOUND', 'resource not found');
    const [, type, idOrVerb] = m;
    const store = type === 'contacts' ? contacts : deals;

    if (method === 'POST' && !idOrVerb) {
      const props = (body.properties ?? {}) as Record<string, string>;
      if (type === 'contacts') {
        const dup = [...contacts.values()].find((c) => props.email && c.properties.email === props.email);
        if (dup) return error(res, 409, 'CONFLICT', `Contact already exists. Existing ID: ${dup.id}`);
      } else if (!STAGES.includes(props.dealstage)) {
        return error(res, 400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"${props.dealstage} was not one of the allowed options","error":"INVALID_OPTION","name":"dealstage"}]`);
      }
      const id = String(nextId++);
      const created = object(id, now, type === 'deals' ? { pipeline: 'default', ...props } : props);
      store.set(id, created);
      return json(res, 201, view(created, []));
    }
    if (method === 'POST' && type === 'contacts' && idOrVerb === 'search') {
      const q = typeof body.query === 'string' ? body.query.toLowerCase() : '';
      const filters: any[] = (body.filterGroups ?? []).flatMap((g: any) => g.filters ?? []);
      const all = [...contacts.values()].filter((c) =>
        (!q || SEARCHABLE.some((p) => (c.properties[p] ?? '').toLowerCase().includes(q)))
        && filters.every((f) => f.operator === 'EQ' && c.properties[f.propertyName] === f.value));
      const offset = Number(body.after ?? 0);
      const limit = Number(body.limit ?? 10);
      const page = all.slice(offset, offset + limit);
      const more = offset + limit < all.length;
      return json(res, 200, {
        total: all.length,
        results: page.map((c) => view(c, body.properties ?? [])),
        ...(more ? { paging: { next: { after: String(offset + limit) } } } : {}),
      });
    }
    if (method === 'GET' && !idOrVerb) {
      const all = [...store.values()].filter((o) => !o.archived);
      const offset = Number(query.after ?? 0);
      const limit = Number(query.limit ?? 10);
      const more = offset + limit < all.length;
      return json(res, 200, {
        results: all.slice(offset, offset + limit).map((o) => view(o, list(query.properties))),
        ...(more ? { paging: { next: { after: String(offset + limit), link: `https://api.hubapi.com${path}?after=${offset + limit}` } } } : {}),
      });
    }
    const found = idOrVerb ? store.get(idOrVerb) : undefined;
    if (!found) return error(res, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [idOrVerb ?? ''] } });
    if (method === 'GET') return json(res, 200, view(found, list(query.properties), list(query.associations)));
    if (method === 'PATCH') {
      Object.assign(found.properties, body.properties ?? {}, { lastmodifieddate: now });
      found.updatedAt = now;
      return json(res, 200, view(found, []));
    }
    return error(res, 405, 'METHOD_NOT_ALLOWED', `${method} not allowed`);
  };

  const server = http.createServer(async (req, res) => {
    const { url, text: raw } = await readRequest(req);
    const query = parseQuery(url.searchParams);
    let body: unknown;
    if (raw) {
      try { body = JSON.parse(raw); } catch { return error(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON'); }
    }
    const rec: HubSpotRequest = { method: req.method ?? '', path: url.pathname, query, headers: req.headers, body };
    requests.push(rec);
    handle(rec, res);
  });
  const origin = await listenLoopback(server);
  return {
    url: origin,
    requests,
    last: () => requests[requests.length - 1],
    contacts,
    deals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
