import { describe, expect, it } from 'vitest';
import { SendPasswordlessRequestSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import { RESERVED_VARIABLES } from '../../src/modules/passwordless/validate-send.js';
import { PASSWORDLESS_TEMPLATE_VARIABLES } from '../../src/modules/passwordless/passwordless-templates.js';

// The descriptor documents template_variables in its OpenAPI option (field 1042), listing the reserved names.
function documentedReservedNames(): string[] {
  const field = SendPasswordlessRequestSchema.fields.find((f) => f.name === 'template_variables')!;
  const doc = (field.proto.options?.$unknown ?? []).filter((u) => u.no === 1042).map((u) => Buffer.from(u.data).toString('utf8')).join('');
  const list = /reserved by the system and cannot be supplied: ([^\n]*)/.exec(doc);
  if (!list) throw new Error('the descriptor no longer documents reserved template variables');
  return [...list[1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
}

describe('passwordless template variables', () => {
  it("reserves exactly the names the SDK's descriptor documents, and those are what the templates get", () => {
    const documented = documentedReservedNames();
    expect([...RESERVED_VARIABLES].sort()).toEqual([...documented].sort());
    const provided = new Set(Object.values(PASSWORDLESS_TEMPLATE_VARIABLES).flat());
    expect([...provided].sort()).toEqual([...documented].sort());
  });
});
