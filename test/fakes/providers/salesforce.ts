import http from 'node:http';
import { listenLoopback, parseQuery, readRequest, sendJson } from './loopback-http.js';

/** One request as the fake received it, for exact assertions. */
export interface SalesforceRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface SalesforceFake {
  url: string;
  requests: SalesforceRequest[];
  last(): SalesforceRequest;
  /** Records by sObject type, then ID; tests may read what a write left. */
  records: Record<string, Record<string, Record<string, unknown>>>;
  close(): Promise<void>;
}

const V = '/services/data/v61.0';
/** The fake's batch size: small so that a query spans pages, like a real 2,000-row batch does. */
const BATCH = 2;
const LOCATOR = '01gD0000002HU6KIAW';

// Sample records shaped like the REST API reference's examples.
const seed = (): SalesforceFake['records'] => ({
  Account: {
    '001D000000IqhSLIAZ': { Id: '001D000000IqhSLIAZ', Name: 'Express Logistics and Transport', Industry: 'Transportation' },
    '001D000000IomazIAB': { Id: '001D000000IomazIAB', Name: 'Acme', Industry: 'Energy' },
    '001D000000IRFmaIAH': { Id: '001D000000IRFmaIAH', Name: 'Acme Import Company', Industry: 'Energy' },
  },
  Lead: {
    '00QD000000FbsCIMAZ': { Id: '00QD000000FbsCIMAZ', FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@navy.example', Company: 'US Navy', Status: 'Open - Not Contacted' },
  },
  Opportunity: {},
});

const error = (res: http.ServerResponse, status: number, errorCode: string, message: string, fields?: string[]) =>
  json(res, status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);

const json = (res: http.ServerResponse, status: number, payload: unknown) => sendJson(res, status, payload, 'application/json;charset=UTF-8');

const withAttributes = (type: string, rec: Record<string, unknown>) => ({
  attributes: { type, url: `${V}/sobjects/${type}/${rec.Id}` },
  ...rec,
});

const pick = (rec: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.map((f) => [Object.keys(rec).find((k) => k.toLowerCase() === f.toLowerCase()) ?? f, rec[Object.keys(rec).find((k) => k.toLowerCase() === f.toLowerCase()) ?? f] ?? null]));

/**
 * A loopback Salesforce REST API (v61.0): sObject create/read/update/describe, SOQL query with
 * query locators, and Parameterized Search, answering like the real API (`[{errorCode, message}]`
 * on 4xx, 204 on update). Understands only `SELECT f, … FROM Type [LIMIT n]` — enough for the tools.
 */
/** `token` is the access token the fake accepts (the connector tests' default unless given). */
export async function startSalesforceFake(opts: { token?: string } = {}): Promise<SalesforceFake> {
  const token = opts.token ?? 'test-access-token';
  const records = seed();
  const requests: SalesforceRequest[] = [];
  const pending = new Map<string, Record<string, unknown>[]>();
  let nextId = 1;

  const handle = (rec: SalesforceRequest, res: http.ServerResponse) => {
    if (rec.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const { method, path, query } = rec;
    if (!path.startsWith(`${V}/`)) return error(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const rest = path.slice(V.length + 1).split('/').map(decodeURIComponent);

    if (method === 'GET' && rest[0] === 'query' && rest.length === 1) {
      const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+LIMIT\s+(\d+))?\s*$/i.exec(String(query.q ?? ''));
      if (!m) return error(res, 400, 'MALFORMED_QUERY', "unexpected token: 'SELEC'");
      const type = m[2];
      if (!records[type]) return error(res, 400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
      const fields = m[1].split(',').map((f) => f.trim());
      const rows = Object.values(records[type]).slice(0, m[3] ? Number(m[3]) : undefined).map((r) => withAttributes(type, { ...pick(r, fields), Id: r.Id }));
      return json(res, 200, page(rows, rows.length, 0));
    }
    if (method === 'GET' && rest[0] === 'query' && rest.length === 2) {
      const [locator, offset] = rest[1].split('-');
      const rows = pending.get(locator);
      if (!rows) return error(res, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return json(res, 200, page(rows, rows.length, Number(offset)));
    }
    if (method === 'GET' && rest[0] === 'parameterizedSearch') {
      const q = String(query.q ?? '').toLowerCase();
      const types = query.sobject === undefined ? Object.keys(records) : ([] as string[]).concat(query.sobject);
      const fields = typeof query.fields === 'string' ? query.fields.split(',') : [];
      const hits = types.flatMap((type) => Object.values(records[type] ?? {})
        .filter((r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(q)))
        .map((r) => withAttributes(type, { Id: r.Id, ...pick(r, fields) })));
      return json(res, 200, { searchRecords: hits.slice(0, Number(query.overallLimit ?? 2000)) });
    }
    if (rest[0] !== 'sobjects' || !rest[1]) return error(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const type = rest[1];
    const table = records[type];
    if (!table) return error(res, 404, 'NOT_FOUND', 'The requested resource does not exist');

    if (method === 'GET' && rest[2] === 'describe') return json(res, 200, describe(type));
    if (method === 'POST' && rest.length === 3 && rest[2] === '') {
      const body = (rec.body ?? {}) as Record<string, unknown>;
      const missing = (type === 'Lead' ? ['LastName', 'Company'] : type === 'Opportunity' ? ['Name', 'StageName', 'CloseDate'] : ['Name']).filter((f) => !body[f]);
      if (missing.length) return error(res, 400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
      const id = `${type === 'Lead' ? '00Q' : type === 'Opportunity' ? '006' : '001'}D000000K0fX${String(nextId++).padStart(2, '0')}IAZ`;
      table[id] = { Id: id, ...body };
      return json(res, 201, { id, success: true, errors: [] });
    }
    const existing = rest[2] ? table[rest[2]] : undefined;
    if (!existing || rest.length !== 3) return error(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    if (method === 'GET') {
      const fields = typeof query.fields === 'string' ? query.fields.split(',') : Object.keys(existing);
      return json(res, 200, withAttributes(type, { ...pick(existing, fields), Id: existing.Id }));
    }
    if (method === 'PATCH') {
      const body = (rec.body ?? {}) as Record<string, unknown>;
      const known = new Set(describe(type).fields.map((f) => f.name));
      const bad = Object.keys(body).find((f) => !known.has(f));
      if (bad) return error(res, 400, 'INVALID_FIELD', `No such column '${bad}' on sobject of type ${type}`);
      Object.assign(existing, body);
      res.writeHead(204);
      return res.end();
    }
    return error(res, 405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,HEAD,DELETE`);
  };

  function page(rows: unknown[], total: number, offset: number) {
    const batch = rows.slice(offset, offset + BATCH);
    const done = offset + BATCH >= rows.length;
    if (!done) pending.set(LOCATOR, rows as Record<string, unknown>[]);
    return { totalSize: total, done, ...(done ? {} : { nextRecordsUrl: `${V}/query/${LOCATOR}-${offset + BATCH}` }), records: batch };
  }

  const server = http.createServer(async (req, res) => {
    const { url, text: raw } = await readRequest(req);
    const query = parseQuery(url.searchParams);
    let body: unknown = raw;
    if (raw && (req.headers['content-type'] ?? '').includes('json')) {
      try { body = JSON.parse(raw); } catch { return error(res, 400, 'JSON_PARSER_ERROR', 'Unexpected character'); }
    } else if (!raw) body = undefined;
    const rec: SalesforceRequest = { method: req.method ?? '', path: url.pathname, query, headers: req.headers, body };
    requests.push(rec);
    handle(rec, res);
  });
  const origin = await listenLoopback(server);
  return {
    url: origin,
    requests,
    last: () => requests[requests.length - 1],
    records,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A describe result trimmed to the keys a describe really has that the tools read. */
function describe(type: string) {
  const field = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
    name, label: name.replace(/([a-z])([A-Z])/g, '$1 $2'), type, nillable: true, createable: true, updateable: true, defaultedOnCreate: false, picklistValues: [], ...extra,
  });
  const idField = field('Id', 'id', { nillable: false, createable: false, updateable: false, defaultedOnCreate: true });
  const byType: Record<string, ReturnType<typeof field>[]> = {
    Lead: [idField, field('FirstName', 'string'), field('LastName', 'string', { nillable: false }), field('Email', 'email'),
      field('Company', 'string', { nillable: false }), field('Title', 'string'), field('Phone', 'phone'), field('LeadSource', 'picklist'), field('Description', 'textarea'),
      field('Status', 'picklist', { nillable: false, defaultedOnCreate: true, picklistValues: [
        { value: 'Open - Not Contacted', active: true, defaultValue: true }, { value: 'Working - Contacted', active: true, defaultValue: false },
        { value: 'Closed - Converted', active: true, defaultValue: false }, { value: 'Legacy', active: false, defaultValue: false }] })],
    Account: [idField, field('Name', 'string', { nillable: false }), field('Industry', 'picklist')],
    Opportunity: [idField, field('Name', 'string', { nillable: false }), field('StageName', 'picklist', { nillable: false }), field('CloseDate', 'date', { nillable: false }),
      field('Amount', 'currency'), field('AccountId', 'reference'), field('Description', 'textarea')],
  };
  return { name: type, label: type, fields: byType[type] ?? [idField] };
}
