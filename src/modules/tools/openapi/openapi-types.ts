/** The parts of an OpenAPI 3.0 / 3.1 document the importer reads, after its `$ref`s are resolved. */
export type Schema = Record<string, unknown>;

export interface MediaType {
  schema?: Schema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  schema?: Schema;
  content?: Record<string, MediaType>;
  style?: string;
  explode?: boolean;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
  deprecated?: boolean;
}

export type PathItem = Record<string, unknown> & { parameters?: Parameter[] };

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItem>;
}

/** One operation of the document: where it lives and what it says. */
export interface OperationRef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operation: Operation;
  /** Path-level parameters, which the operation's own override by name and location. */
  pathParameters: Parameter[];
  /** How reports name it: its operationId, or `GET /pets/{petId}`. */
  label: string;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
