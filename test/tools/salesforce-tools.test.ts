import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/modules/tools/catalog/salesforce/index.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { startSalesforceFake, type SalesforceFake } from '../fakes/providers/salesforce.js';
import { salesforceSamples as samples } from './samples/salesforce.js';

const V = '/services/data/v61.0';
const tool = (name: string) => {
  const spec = tools.find((t) => t.definition.name === name);
  if (!spec) throw new Error(`no tool ${name}`);
  return spec;
};

describe('salesforce tools against a loopback Salesforce REST API', () => {
  let fake: SalesforceFake;
  let ctx: ReturnType<typeof fakeContext>;
  beforeAll(async () => {
    fake = await startSalesforceFake();
    ctx = fakeContext(fake.url);
  });
  afterAll(() => fake.close());

  it('keeps every definition small, named for its provider and versioned', () => {
    expectConnectorShape(tools, {
      provider: 'salesforce',
      match: 'sorted',
      names: [
        'salesforce_create_lead', 'salesforce_create_opportunity', 'salesforce_describe_object', 'salesforce_get_record',
        'salesforce_search', 'salesforce_soql_query', 'salesforce_update_record',
      ],
    });
  });

  it('salesforce_create_lead posts the seed input with the Company placeholder Salesforce requires', async () => {
    const out = await runTool(tool('salesforce_create_lead'), samples.salesforce_create_lead.input, ctx);
    const req = fake.last();
    expect(req).toMatchObject({ method: 'POST', path: `${V}/sobjects/Lead/` });
    expect(req.query).toEqual({});
    expect(req.headers.authorization).toBe('Bearer test-access-token');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', Company: '[not provided]' });
    expect(out).toEqual({ id: expect.stringMatching(/^00Q/), company: '[not provided]' });
    expect(fake.records.Lead[out.id]).toMatchObject({ LastName: 'Lovelace', Company: '[not provided]' });
  });

  it('salesforce_create_lead sends every optional field under its Salesforce name', async () => {
    const input = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', company: 'Analytical Engines', title: 'Mathematician', phone: '+44 20 7946 0000', lead_source: 'Web', description: 'Met at the exhibition' };
    const out = await runTool(tool('salesforce_create_lead'), input, ctx);
    expect(fake.last().body).toEqual({
      FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', Company: 'Analytical Engines',
      Title: 'Mathematician', Phone: '+44 20 7946 0000', LeadSource: 'Web', Description: 'Met at the exhibition',
    });
    expect(out.company).toBe('Analytical Engines');
  });

  it('salesforce_create_opportunity posts name, stage, close date, amount and account', async () => {
    const out = await runTool(tool('salesforce_create_opportunity'), samples.salesforce_create_opportunity.input, ctx);
    expect(fake.last()).toMatchObject({
      method: 'POST', path: `${V}/sobjects/Opportunity/`,
      body: { Name: 'Acme — 500 seats', StageName: 'Prospecting', CloseDate: '2025-09-30', Amount: 125000, AccountId: '001D000000IomazIAB' },
    });
    expect(Object.keys(fake.last().body as object).sort()).toEqual(['AccountId', 'Amount', 'CloseDate', 'Name', 'StageName']);
    expect(out).toEqual({ id: expect.stringMatching(/^006/) });
  });

  it('salesforce_soql_query strips attributes and pages with the query locator', async () => {
    const { query } = samples.salesforce_soql_query.input;
    const first = await runTool(tool('salesforce_soql_query'), samples.salesforce_soql_query.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${V}/query`, query: { q: query } });
    expect(first).toEqual({
      records: [{ Id: '001D000000IqhSLIAZ', Name: 'Express Logistics and Transport' }, { Id: '001D000000IomazIAB', Name: 'Acme' }],
      total_size: 3,
      next_cursor: '01gD0000002HU6KIAW-2',
    });
    const second = await runTool(tool('salesforce_soql_query'), { query, cursor: first.next_cursor }, ctx);
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${V}/query/01gD0000002HU6KIAW-2` });
    expect(fake.last().query).toEqual({});
    expect(second).toEqual({ records: [{ Id: '001D000000IRFmaIAH', Name: 'Acme Import Company' }], total_size: 3, next_cursor: null });
  });

  it('salesforce_soql_query reports a malformed query with the Salesforce code and message', async () => {
    const failure = await toolFailure(tool('salesforce_soql_query'), { query: 'SELEC Id FROM Account' }, ctx);
    expect(failure).toMatchObject({ status: 400, providerCode: 'MALFORMED_QUERY', message: "Salesforce MALFORMED_QUERY: unexpected token: 'SELEC'" });
  });

  it('salesforce_get_record asks for the named fields and returns them without attributes', async () => {
    const out = await runTool(tool('salesforce_get_record'), samples.salesforce_get_record.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${V}/sobjects/Lead/00QD000000FbsCIMAZ`, query: { fields: 'FirstName,Email' } });
    expect(fake.last().headers.authorization).toBe('Bearer test-access-token');
    expect(out).toEqual({ id: '00QD000000FbsCIMAZ', object_type: 'Lead', fields: { FirstName: 'Grace', Email: 'grace@navy.example', Id: '00QD000000FbsCIMAZ' } });
  });

  it('salesforce_get_record turns a 404 into a ToolFailure naming NOT_FOUND', async () => {
    const failure = await toolFailure(tool('salesforce_get_record'), { object_type: 'Lead', record_id: '00QD000000XXXXXMAZ' }, ctx);
    expect(failure).toMatchObject({ status: 404, providerCode: 'NOT_FOUND', message: 'Salesforce NOT_FOUND: The requested resource does not exist' });
    expect(fake.last().query).toEqual({});
  });

  it('salesforce_update_record patches only the given fields and reads the 204 as success', async () => {
    const out = await runTool(tool('salesforce_update_record'), samples.salesforce_update_record.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'PATCH', path: `${V}/sobjects/Lead/00QD000000FbsCIMAZ`, body: { Status: 'Working - Contacted', Title: null } });
    expect(out).toEqual({ id: '00QD000000FbsCIMAZ', object_type: 'Lead', updated: true });
    expect(fake.records.Lead['00QD000000FbsCIMAZ'].Status).toBe('Working - Contacted');
  });

  it('salesforce_update_record reports an unknown field as INVALID_FIELD', async () => {
    const failure = await runTool(tool('salesforce_update_record'), { object_type: 'Lead', record_id: '00QD000000FbsCIMAZ', fields: { Rating__x: 'Hot' } }, ctx).catch((e) => e);
    expect(failure).toMatchObject({ status: 400, providerCode: 'INVALID_FIELD', message: "Salesforce INVALID_FIELD: No such column 'Rating__x' on sobject of type Lead" });
  });

  it('salesforce_search sends the terms as parameters, one sobject per type, and flattens hits', async () => {
    const out = await runTool(tool('salesforce_search'), samples.salesforce_search.input, ctx);
    expect(fake.last()).toMatchObject({
      method: 'GET', path: `${V}/parameterizedSearch/`,
      query: { q: 'acme', sobject: ['Account', 'Lead'], fields: 'Name', overallLimit: '5' },
    });
    expect(out).toEqual({
      records: [
        { id: '001D000000IomazIAB', object_type: 'Account', fields: { Id: '001D000000IomazIAB', Name: 'Acme' } },
        { id: '001D000000IRFmaIAH', object_type: 'Account', fields: { Id: '001D000000IRFmaIAH', Name: 'Acme Import Company' } },
      ],
    });
    await runTool(tool('salesforce_search'), { query: 'grace' }, ctx);
    expect(fake.last().query).toEqual({ q: 'grace', overallLimit: '20' });
  });

  it('salesforce_describe_object lists fields with what a create must supply and active picklist values', async () => {
    const out = await runTool(tool('salesforce_describe_object'), samples.salesforce_describe_object.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${V}/sobjects/Lead/describe` });
    expect(fake.last().query).toEqual({});
    expect(out.name).toBe('Lead');
    const byName = Object.fromEntries(out.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.Id).toEqual({ name: 'Id', label: 'Id', type: 'id', required: false, updateable: false });
    expect(byName.LastName).toMatchObject({ required: true, updateable: true });
    expect(byName.Company.required).toBe(true);
    expect(byName.Email.required).toBe(false);
    expect(byName.Status).toMatchObject({ required: false, picklist_values: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted'] });
  });

  it('input schemas refuse path tricks, empty updates and a lead without last_name', async () => {
    expect(acceptsInput(tool('salesforce_get_record'), { object_type: 'Lead', record_id: '../../limits' })).toBe(false);
    expect(acceptsInput(tool('salesforce_get_record'), { object_type: 'Lead/../x', record_id: '00QD000000FbsCIMAZ' })).toBe(false);
    expect(acceptsInput(tool('salesforce_soql_query'), { query: 'SELECT Id FROM Lead', cursor: '../sobjects' })).toBe(false);
    expect(acceptsInput(tool('salesforce_update_record'), { object_type: 'Lead', record_id: '00QD000000FbsCIMAZ', fields: {} })).toBe(false);
    expect(acceptsInput(tool('salesforce_create_lead'), { first_name: 'Ada' })).toBe(false);
    expect(acceptsInput(tool('salesforce_create_lead'), { last_name: 'Lovelace', email: 'not-an-email' })).toBe(false);
    expect(acceptsInput(tool('salesforce_search'), { query: 'acme', fields: ['Name'] })).toBe(false);
    expect(acceptsInput(tool('salesforce_search'), { query: 'acme', fields: ['Name'], object_types: ['Account'] })).toBe(true);
  });
});
