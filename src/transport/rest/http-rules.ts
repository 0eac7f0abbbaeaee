import type { DescMethod } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';

export interface HttpBinding {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  /** `*` (whole message), a top-level field name, or '' (no body). */
  body: string;
}

// The SDK ships only a stub of google/api/annotations.proto, so `google.api.http` (field
// 72295728 of MethodOptions) stays an unknown field holding an encoded google.api.HttpRule.
const HTTP_RULE_FIELD = 72295728;
const VERBS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const;

function decodeRule(bytes: Uint8Array, out: HttpBinding[]): void {
  const r = new BinaryReader(bytes);
  let verb: HttpBinding['method'] | undefined;
  let path = '';
  let body = '';
  const additional: Uint8Array[] = [];
  while (r.pos < r.len) {
    const [no, wireType] = r.tag();
    if (no >= 2 && no <= 6) {
      verb = VERBS[no - 2];
      path = r.string();
    } else if (no === 7) body = r.string();
    else if (no === 11) additional.push(r.bytes());
    else r.skip(wireType);
  }
  if (verb) out.push({ method: verb, path, body });
  for (const a of additional) decodeRule(a, out);
}

/** The REST bindings (primary first, then additional_bindings) of one RPC method. */
export function httpBindings(method: DescMethod): HttpBinding[] {
  const out: HttpBinding[] = [];
  for (const u of method.proto.options?.$unknown ?? []) {
    if (u.no !== HTTP_RULE_FIELD) continue;
    decodeRule(new BinaryReader(u.data).bytes(), out);
  }
  return out;
}
