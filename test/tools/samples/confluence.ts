import type { ToolSample } from './tool-sample.js';
import { CONFLUENCE_CLOUD_ID } from '../../fakes/providers/confluence.js';

/** One valid input per confluence tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const confluenceSamples = {
  confluence_search: {
    input: { cql: 'type = page AND space = ENG', limit: 1 },
    calls: ['GET /oauth/token/accessible-resources', 'GET /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/rest/api/search'],
  },
  confluence_get_page: {
    input: { page_id: '131073' },
    calls: ['GET /oauth/token/accessible-resources', 'GET /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/pages/131073'],
  },
  confluence_create_page: {
    input: { cloud_id: CONFLUENCE_CLOUD_ID, space_key: 'ENG', title: 'Release notes 4.2', body: "Fixed <login> & SSO.\nThanks all.\n\nNext: 4.3", parent_id: '65537' },
    calls: ['GET /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/spaces', 'POST /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/pages'],
  },
  confluence_update_page: {
    input: { cloud_id: CONFLUENCE_CLOUD_ID, page_id: '131074', title: 'Onboarding checklist (2027)', version_message: 'rename' },
    calls: ['GET /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/pages/131074', 'PUT /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/pages/131074'],
  },
  confluence_add_comment: {
    input: { cloud_id: CONFLUENCE_CLOUD_ID, page_id: '131073', text: 'Updated the pager rota.' },
    calls: ['POST /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/footer-comments'],
  },
  confluence_list_spaces: {
    input: { cloud_id: CONFLUENCE_CLOUD_ID, limit: 2 },
    calls: ['GET /ex/confluence/3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17/wiki/api/v2/spaces'],
  },
  confluence_list_sites: {
    input: {},
    calls: ['GET /oauth/token/accessible-resources'],
  },
} satisfies Record<string, ToolSample>;
