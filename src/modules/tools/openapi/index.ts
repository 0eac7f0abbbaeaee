/** Tools from an OpenAPI 3.0/3.1 document: one declarative tool per chosen operation. */
export { readOpenApiTools, toolsFromOpenApi, type ImportedTool, type OpenApiImport, type OpenApiImportOptions, type SkippedOperation } from './tools-from-openapi.js';
export { importOpenApi, type ImportReport } from './import-openapi.js';
export { parseImportRequest, type OpenApiImportRequest } from './import-request.js';
