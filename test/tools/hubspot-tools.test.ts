import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/modules/tools/catalog/hubspot/index.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { startHubSpotFake, type HubSpotFake } from '../fakes/providers/hubspot.js';
import { hubspotSamples as samples } from './samples/hubspot.js';

const CONTACT_PROPS = ['email', 'firstname', 'lastname', 'phone', 'company', 'jobtitle', 'lifecyclestage'];
const tool = (name: string) => {
  const spec = tools.find((t) => t.definition.name === name);
  if (!spec) throw new Error(`no tool ${name}`);
  return spec;
};

describe('hubspot tools against a loopback HubSpot CRM v3 API', () => {
  let fake: HubSpotFake;
  let ctx: ReturnType<typeof fakeContext>;
  beforeAll(async () => {
    fake = await startHubSpotFake();
    ctx = fakeContext(fake.url);
  });
  afterAll(() => fake.close());

  it('keeps every definition small, named for its provider and versioned', () => {
    expectConnectorShape(tools, {
      provider: 'hubspot',
      match: 'sorted',
      names: [
        'hubspot_create_contact', 'hubspot_create_deal', 'hubspot_get_contact', 'hubspot_list_deals', 'hubspot_search_contacts', 'hubspot_update_contact',
      ],
    });
  });

  it('hubspot_create_contact posts HubSpot property names and returns the contact in snake_case', async () => {
    const out = await runTool(tool('hubspot_create_contact'), samples.hubspot_create_contact.input, ctx);
    const req = fake.last();
    expect(req).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts' });
    expect(req.query).toEqual({});
    expect(req.headers.authorization).toBe('Bearer test-access-token');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ properties: { email: 'grace@navy.example', firstname: 'Grace', lastname: 'Hopper', jobtitle: 'Rear Admiral', lifecyclestage: 'lead' } });
    expect(out).toEqual({
      id: '600', email: 'grace@navy.example', first_name: 'Grace', last_name: 'Hopper', job_title: 'Rear Admiral', lifecycle_stage: 'lead',
      created_at: '2025-06-01T12:00:00.000Z', updated_at: '2025-06-01T12:00:00.000Z',
    });
  });

  it('hubspot_create_contact reports an existing email as CONFLICT with the existing ID', async () => {
    const failure = await toolFailure(tool('hubspot_create_contact'), { email: 'bcooper@biglytics.net' }, ctx);
    expect(failure).toMatchObject({ status: 409, providerCode: 'CONFLICT', message: 'HubSpot CONFLICT: Contact already exists. Existing ID: 512' });
    expect(failure.message).not.toContain('correlationId');
  });

  it('hubspot_search_contacts runs a text query with a page size and hands back the cursor', async () => {
    const first = await runTool(tool('hubspot_search_contacts'), samples.hubspot_search_contacts.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts/search' });
    expect(fake.last().body).toEqual({ query: 'biglytics', filterGroups: [], properties: CONTACT_PROPS, limit: 1 });
    expect(first).toEqual({
      contacts: [{
        id: '512', email: 'bcooper@biglytics.net', first_name: 'Bryan', last_name: 'Cooper', phone: '(877) 929-0687', company: 'Biglytics',
        job_title: 'CTO', lifecycle_stage: 'customer', created_at: '2019-10-30T03:30:17.883Z', updated_at: '2019-10-30T03:30:17.883Z',
      }],
      total: 2,
      next_cursor: '1',
    });
    const second = await runTool(tool('hubspot_search_contacts'), { query: 'biglytics', limit: 1, cursor: first.next_cursor }, ctx);
    expect(fake.last().body).toEqual({ query: 'biglytics', filterGroups: [], properties: CONTACT_PROPS, limit: 1, after: '1' });
    // Properties HubSpot has no value for are left out, not sent as null.
    expect(second.contacts).toEqual([expect.objectContaining({ id: '513', first_name: 'Maria' })]);
    expect(second.contacts[0]).not.toHaveProperty('phone');
    expect(second.next_cursor).toBeNull();
  });

  it('hubspot_search_contacts filters on an exact email, and lists the latest without criteria', async () => {
    const out = await runTool(tool('hubspot_search_contacts'), { email: 'ada@example.com' }, ctx);
    expect(fake.last().body).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada@example.com' }] }],
      properties: CONTACT_PROPS, sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }], limit: 10,
    });
    expect(out).toMatchObject({ contacts: [{ id: '514', last_name: 'Lovelace' }], total: 1, next_cursor: null });
    await runTool(tool('hubspot_search_contacts'), {}, ctx);
    expect(fake.last().body).toEqual({ filterGroups: [], properties: CONTACT_PROPS, sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }], limit: 10 });
  });

  it('hubspot_get_contact asks for the contact properties and associations and dedupes association IDs', async () => {
    const out = await runTool(tool('hubspot_get_contact'), samples.hubspot_get_contact.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/crm/v3/objects/contacts/512' });
    expect(fake.last().query).toEqual({ properties: CONTACT_PROPS.join(','), associations: 'companies,deals' });
    expect(fake.last().body).toBeUndefined();
    expect(out).toMatchObject({ id: '512', email: 'bcooper@biglytics.net', company_ids: ['9876543210'], deal_ids: ['10434789101'] });
    const bare = await runTool(tool('hubspot_get_contact'), { contact_id: '514' }, ctx);
    expect(bare).toMatchObject({ id: '514', company_ids: [], deal_ids: [] });
  });

  it('hubspot_get_contact turns a 404 into a ToolFailure naming OBJECT_NOT_FOUND', async () => {
    const failure = await toolFailure(tool('hubspot_get_contact'), { contact_id: '999' }, ctx);
    expect(failure).toMatchObject({ status: 404, providerCode: 'OBJECT_NOT_FOUND', message: 'HubSpot OBJECT_NOT_FOUND: Object not found.  objectId are usually numeric.' });
  });

  it('hubspot_update_contact patches only the given properties', async () => {
    const out = await runTool(tool('hubspot_update_contact'), samples.hubspot_update_contact.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'PATCH', path: '/crm/v3/objects/contacts/513' });
    expect(fake.last().body).toEqual({ properties: { phone: '+1 617 555 0100', lifecyclestage: 'opportunity' } });
    expect(out).toMatchObject({ id: '513', phone: '+1 617 555 0100', lifecycle_stage: 'opportunity', updated_at: '2025-06-01T12:00:00.000Z' });
  });

  it('hubspot_update_contact with nothing to change fails without calling HubSpot', async () => {
    const before = fake.requests.length;
    const failure = await toolFailure(tool('hubspot_update_contact'), { contact_id: '513' }, ctx);
    expect(failure.message).toMatch(/at least one of email, first_name/);
    expect(fake.requests.length).toBe(before);
  });

  it('hubspot_create_deal sends properties and HUBSPOT_DEFINED associations to contacts and companies', async () => {
    const out = await runTool(tool('hubspot_create_deal'), samples.hubspot_create_deal.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/crm/v3/objects/deals' });
    expect(fake.last().body).toEqual({
      properties: { dealname: 'Biglytics — renewal', dealstage: 'presentationscheduled', amount: '2400.5', closedate: '2025-12-31T00:00:00.000Z' },
      associations: [
        { to: { id: '512' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
        { to: { id: '9876543210' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] },
      ],
    });
    expect(out).toEqual({
      id: expect.stringMatching(/^\d+$/), name: 'Biglytics — renewal', stage: 'presentationscheduled', pipeline: 'default',
      amount: 2400.5, close_date: '2025-12-31T00:00:00.000Z', created_at: '2025-06-01T12:00:00.000Z',
    });
  });

  it('hubspot_create_deal reports an unknown stage as VALIDATION_ERROR', async () => {
    const failure = await runTool(tool('hubspot_create_deal'), { deal_name: 'X', deal_stage: 'won' }, ctx).catch((e) => e);
    expect(fake.last().body).toEqual({ properties: { dealname: 'X', dealstage: 'won' } });
    expect(failure).toMatchObject({ status: 400, providerCode: 'VALIDATION_ERROR' });
    expect(failure.message).toMatch(/^HubSpot VALIDATION_ERROR: Property values were not valid/);
  });

  it('hubspot_list_deals pages with limit and after and turns amounts into numbers', async () => {
    const first = await runTool(tool('hubspot_list_deals'), samples.hubspot_list_deals.input, ctx);
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/crm/v3/objects/deals' });
    expect(fake.last().query).toEqual({ limit: '2', properties: 'dealname,dealstage,pipeline,amount,closedate,hubspot_owner_id', archived: 'false' });
    expect(first).toEqual({
      deals: [
        { id: '10434789101', name: 'Biglytics — annual plan', stage: 'contractsent', pipeline: 'default', amount: 1500, close_date: '2024-03-31T00:00:00Z', owner_id: '910901', created_at: '2024-01-15T10:00:00.000Z' },
        { id: '10434789102', name: 'Biglytics — add-on seats', stage: 'qualifiedtobuy', pipeline: 'default', created_at: '2024-02-01T10:00:00.000Z' },
      ],
      next_cursor: '2',
    });
    const second = await runTool(tool('hubspot_list_deals'), { limit: 2, cursor: '2' }, ctx);
    expect(fake.last().query).toMatchObject({ after: '2', limit: '2' });
    expect(second.deals.map((d: { id: string }) => d.id)[0]).toBe('10434789103');
  });

  it('input schemas refuse non-numeric IDs, bad emails and oversized pages', () => {
    const valid = (name: string, input: unknown) => acceptsInput(tool(name), input);
    expect(valid('hubspot_get_contact', { contact_id: '../deals' })).toBe(false);
    expect(valid('hubspot_create_contact', { email: 'nope' })).toBe(false);
    expect(valid('hubspot_create_contact', { first_name: 'Ada' })).toBe(false);
    expect(valid('hubspot_list_deals', { limit: 101 })).toBe(false);
    expect(valid('hubspot_create_deal', { deal_name: 'X', deal_stage: 'closedwon', contact_ids: ['abc'] })).toBe(false);
    expect(valid('hubspot_update_contact', { contact_id: '1', lifecycle_stage: 'vip' })).toBe(false);
  });
});
