import type { JsonObject } from '@bufbuild/protobuf';

/**
 * ExecuteToolResponse.data is a Struct, so always an object: a tool's object as it is, no output
 * as `{}`, and anything else (a list, a string) as `{"result": …}`. Round-tripped through JSON so
 * undefined fields vanish and dates become strings, as they would on the REST wire.
 */
export function outputData(output: unknown): JsonObject {
  if (output === undefined || output === null) return {};
  const json = JSON.parse(JSON.stringify(output)) as unknown;
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as JsonObject) : { result: json as JsonObject[string] };
}
