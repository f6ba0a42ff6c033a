export { decodeFormParams, FormParamsError } from './decode-form-params.js';
export type {
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiSchema,
  SchemaIssue,
} from './openapi-schema.js';
export {
  findOpenApiOperation,
  type OpenApiExchange,
  type ValidateExchangeOptions,
  validateOpenApiExchange,
} from './validate-openapi-exchange.js';
export {
  resolveSchemaRef,
  type ValidateSchemaOptions,
  validateOpenApiSchema,
} from './validate-openapi-schema.js';
