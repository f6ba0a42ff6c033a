// The Chargebee half of scripts/generate-provider-schemas.mjs: reads the installed `chargebee`
// package (v3, API v2): each operation's method and path from its endpoint table
// (`esm/resources/api_endpoints.js`), request parameters from its shipped zod schemas
// (`esm/schema/<resource>.schema.js`, turned into JSON Schema by zod's own `toJSONSchema`) made
// strict where its TypeScript input type lists every parameter, and responses from its TypeScript
// types (`types/resources/*.d.ts`). Error bodies come from Chargebee's v1 OpenAPI error shapes
// (test/spec-data/chargebee/openapi-v1-errors.json, scripts/extract-chargebee-spec.mjs): the SDK
// has no type for them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';
import { createSchemaBuilder, sortedKeys } from './type-to-schema.mjs';

/** [endpoint-table key, SDK type namespace, actions]. */
const OPERATIONS = [
  ['customer', 'Customer', ['create', 'retrieve', 'recordExcessPayment']],
  ['promotionalCredit', 'PromotionalCredit', ['add', 'deduct', 'list']],
  [
    'invoice',
    'Invoice',
    ['create', 'createForChargeItemsAndCharges', 'list', 'retrieve', 'recordPayment', 'voidInvoice'],
  ],
  ['creditNote', 'CreditNote', ['create', 'retrieve', 'list', 'voidCreditNote']],
];

/** The other resources an event's content names are checked as objects only (billbridge does not model them). */
const FULL_RESOURCES = new Set([
  'Invoice',
  'CreditNote',
  'Customer',
  'PromotionalCredit',
  'Subscription',
  // The emulator's record_payment answers with one (packages/emulator, chargebee-invoice-routes.ts).
  'Transaction',
]);

const CUSTOM_FIELDS = {
  patternProperties: { '^cf_': {} },
  additionalProperties: false,
  note: "the SDK's index signature is for custom fields, which Chargebee names cf_…",
};

export function chargebeePackageDirectory() {
  const require = createRequire(import.meta.url);
  return path.resolve(path.dirname(require.resolve('chargebee')), '..');
}

const pascal = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const snake = (text) => text.replace(/([A-Z])/g, '_$1').toLowerCase();

export async function generateChargebeeSchemas({ errorShapes }) {
  const directory = chargebeePackageDirectory();
  const sdkVersion = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')).version;
  const { Endpoints } = await import(
    pathToFileURL(path.join(directory, 'esm/resources/api_endpoints.js')).href
  );
  const program = ts.createProgram([path.join(directory, 'types/index.d.ts')], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getAmbientModules().find((symbol) => symbol.name === '"chargebee"');
  const exportsOf = (symbol) => checker.getExportsOfModule(symbol);
  const member = (symbol, name) => {
    const found = exportsOf(symbol).find((candidate) => candidate.name === name);
    if (!found) throw new Error(`chargebee types: no ${symbol.name}.${name}`);
    return found;
  };
  const stubs = new Set();

  const nameOf = (symbol) => {
    const declaration = symbol.declarations?.[0];
    if (!declaration?.getSourceFile().fileName.startsWith(directory)) return undefined;
    return checker.getFullyQualifiedName(symbol).replace(/^"chargebee"\./, '');
  };

  const builder = createSchemaBuilder(checker, {
    nameOf,
    special(type, name) {
      if (!name || name.includes('.') || FULL_RESOURCES.has(name)) return undefined;
      const symbol = type.getSymbol();
      const declaration = symbol?.declarations?.[0];
      if (!declaration || !ts.isInterfaceDeclaration(declaration) || !type.getProperty('id'))
        return undefined;
      if (name.endsWith('Content') || name === 'Event' || name.endsWith('InputParam')) return undefined;
      stubs.add(name);
      return {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' } },
        'x-billbridge-stub': `${name}: a resource billbridge does not model; only id is checked`,
      };
    },
    indexSignature(keyType) {
      if (keyType.flags & ts.TypeFlags.String) return CUSTOM_FIELDS;
      if (keyType.flags & ts.TypeFlags.TemplateLiteral) return CUSTOM_FIELDS;
      return undefined;
    },
    skipProperty(owner, property) {
      // Built per event type below (the SDK types `content` as the intersection of every event's content).
      return owner === 'Event' && property === 'content';
    },
  });

  const paths = {};
  for (const [key, typeName, actions] of OPERATIONS) {
    const schemaModule = await import(
      pathToFileURL(path.join(directory, `esm/schema/${snake(key)}.schema.js`)).href
    );
    const namespace = member(moduleSymbol, typeName);
    const resourceClass = member(namespace, `${typeName}Resource`);
    for (const action of actions) {
      const endpoint = Endpoints[key].find((entry) => entry[0] === action);
      if (!endpoint) throw new Error(`chargebee: no endpoint ${key}.${action}`);
      const [, verb, prefix, suffix, hasId] = endpoint;
      const route = `/api/v2${prefix}${hasId ? '/{id}' : ''}${suffix ?? ''}`;
      const method = resourceClass.members.get(action)?.declarations?.[0];
      if (!method) throw new Error(`chargebee types: no ${typeName}Resource.${action}`);
      const result = { operationId: `${typeName}.${action}`, parameters: [] };
      if (hasId)
        result.parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string' } });
      const input = method.parameters.find((parameter) => parameter.name.getText() === 'input');
      const bodySchemaName = `${pascal(action)}${pascal(key)}BodySchema`;
      const zodSchema = schemaModule[bodySchemaName];
      if (input && !zodSchema) throw new Error(`chargebee: no ${bodySchemaName}`);
      if (zodSchema) {
        const inputType = checker.getTypeFromTypeNode(input.type);
        const schema = strictLike(
          z.toJSONSchema(zodSchema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }),
          inputType,
        );
        if (verb === 'GET') {
          for (const [name, inner] of Object.entries(schema.properties ?? {})) {
            result.parameters.push({
              name,
              in: 'query',
              required: (schema.required ?? []).includes(name),
              schema: inner,
            });
          }
        } else result.requestBody = { schema };
      }
      const returned = method.type; // Promise<ChargebeeResponse<X>>
      const responseNode = returned.typeArguments[0].typeArguments[0];
      result.responses = { 200: builder.schemaOf(checker.getTypeFromTypeNode(responseNode)) };
      for (const status of Object.keys(errorShapes)) {
        result.responses[status] = { $ref: `#/components/schemas/ChargebeeError.${status}` };
      }
      paths[route] ??= {};
      paths[route][verb.toLowerCase()] = result;
    }
  }

  /**
   * zod's JSON Schema of a `looseObject` allows any key (`additionalProperties: {}`). Where the
   * SDK's TypeScript input type lists its parameters (no index signature), unknown ones are refused;
   * a `cf_${string}` index signature admits custom fields only.
   */
  function strictLike(schema, type) {
    if (!type || schema.type !== 'object') return schema;
    const indexes = checker.getIndexInfosOfType(type);
    const out = { ...schema, properties: { ...(schema.properties ?? {}) } };
    if (indexes.length === 0) out.additionalProperties = false;
    else {
      out.patternProperties = CUSTOM_FIELDS.patternProperties;
      out.additionalProperties = false;
    }
    for (const [name, inner] of Object.entries(out.properties)) {
      const property = type.getProperty(name);
      if (!property) continue;
      let propertyType = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      if (checker.isArrayType(propertyType)) propertyType = checker.getTypeArguments(propertyType)[0];
      if (inner.type === 'object') out.properties[name] = strictLike(inner, propertyType);
      else if (inner.type === 'array' && inner.items?.type === 'object') {
        out.properties[name] = { ...inner, items: strictLike(inner.items, propertyType) };
      }
    }
    return out;
  }

  // Events: `content` per `event_type`, from the SDK's WebhookContentMap (WebhookEvent.d.ts).
  builder.schemaOf(checker.getDeclaredTypeOfSymbol(member(moduleSymbol, 'Event')));
  const event = builder.components.Event;
  const contentMap = checker.getDeclaredTypeOfSymbol(member(moduleSymbol, 'WebhookContentMap'));
  const mapping = {};
  for (const property of checker.getPropertiesOfType(contentMap)) {
    const eventType = property.name;
    const contentSchema = builder.schemaOf(checker.getTypeOfSymbol(property));
    const name = `Event.${eventType}`;
    builder.components[name] = {
      ...event,
      properties: { ...event.properties, content: contentSchema },
      required: [...(event.required ?? []), 'content'],
    };
    mapping[eventType] = `#/components/schemas/${name}`;
  }
  builder.components.EventWithContent = {
    type: 'object',
    discriminator: { propertyName: 'event_type', mapping: sortedKeys(mapping) },
    'x-discriminator-default': {
      ...event,
      properties: { ...event.properties, content: { type: 'object', 'x-open-object': true } },
    },
  };
  for (const [status, shape] of Object.entries(errorShapes)) {
    builder.components[`ChargebeeError.${status}`] = { ...shape, additionalProperties: false };
  }

  return {
    meta: {
      provider: 'chargebee',
      sdkVersion: `chargebee@${sdkVersion}`,
      apiVersion: 'v2',
      generatedBy: 'node scripts/generate-provider-schemas.mjs',
      source:
        'chargebee-node types/*.d.ts (responses), esm/schema/*.schema.js zod (requests), esm/resources/api_endpoints.js (method + path); errors: Chargebee v1 OpenAPI error shapes',
      stubs: [...stubs].sort(),
    },
    paths: sortedKeys(paths),
    components: { schemas: sortedKeys(builder.components) },
  };
}
