/** The subset of OpenAPI 3.0 Schema Object that billbridge's validator understands. */
export interface OpenApiSchema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean | OpenApiSchema;
  required?: string[];
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  items?: OpenApiSchema;
  maxLength?: number;
  minLength?: number;
  /** A regular expression a string must match (compiled with the `u` flag). */
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** `decimal` (Stripe's decimal strings) is checked; other formats are not. */
  format?: string;
  /** JSON Schema `patternProperties` (keys matching a regular expression), e.g. Chargebee's `^cf_`. */
  patternProperties?: Record<string, OpenApiSchema>;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  [extension: string]: unknown;
}

/**
 * One parameter of an OpenAPI operation: its name, where it goes (query, path, header, cookie), whether
 * it is required, its schema and style.
 */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
  style?: string;
  explode?: boolean;
}

/**
 * One operation of an OpenAPI document as the validator reads it: parameters, the form body schema and
 * the response schemas by status.
 */
export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  /** The form (`application/x-www-form-urlencoded`) body schema. */
  requestBody?: { schema: OpenApiSchema };
  /** Response schemas by status (`200`, `404`, …, `default`). */
  responses: Record<string, OpenApiSchema>;
}

/**
 * A trimmed OpenAPI document: `paths` with operations reduced to what validation needs and
 * `components.schemas` for `$ref`s (`#/components/schemas/<name>`).
 */
export interface OpenApiDocument {
  meta?: Record<string, unknown>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** One way a value does not match its schema. `path` is dotted/bracketed, e.g. `lines.data[0].amount`. */
export interface SchemaIssue {
  path: string;
  message: string;
}
