import { dereference } from '@apidevtools/json-schema-ref-parser';
import YAML from 'yaml';
import { invalidArgument } from '../../errors/domain-error.js';
import { isObject, type OpenApiDocument } from './openapi-types.js';

/** JSON when it looks like JSON, YAML otherwise (the yaml package's default alias limit stops alias bombs). */
function parseText(text: string): unknown {
  const trimmed = text.trimStart();
  try {
    return trimmed.startsWith('{') ? JSON.parse(trimmed) : YAML.parse(text);
  } catch (err) {
    const why = String((err as Error).message ?? err).split('\n')[0].slice(0, 200);
    throw invalidArgument('document', `is not valid JSON or YAML (${why})`);
  }
}

/**
 * The document as an object with every local `$ref` resolved in place. Remote and file refs are
 * never fetched (they are left unresolved, and the importer treats them as any value); a local
 * ref that points nowhere is an error naming it. Circular schemas stay circular objects: the
 * schema trimmer stops at its depth limit.
 */
export async function loadOpenApiDocument(input: object | string): Promise<OpenApiDocument> {
  const doc = typeof input === 'string' ? parseText(input) : input;
  if (!isObject(doc)) throw invalidArgument('document', 'must be an OpenAPI 3.0 or 3.1 document (a JSON or YAML object)');
  if (typeof doc.swagger === 'string') throw invalidArgument('document.swagger', `is ${doc.swagger}: only OpenAPI 3.0 and 3.1 documents are read; convert Swagger 2.0 to OpenAPI 3 first`);
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\.\d+/.test(doc.openapi)) throw invalidArgument('document.openapi', 'must be 3.0.x or 3.1.x');
  if (!isObject(doc.paths)) throw invalidArgument('document.paths', 'is required: the operations to turn into tools');
  try {
    return (await dereference(structuredClone(doc), {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: true },
      mutateInputSchema: true,
      timeoutMs: 10_000,
    })) as unknown as OpenApiDocument;
  } catch (err) {
    const why = String((err as Error).message ?? err).split('\n')[0].slice(0, 200);
    throw invalidArgument('document', `has a $ref that cannot be resolved (${why})`);
  }
}
