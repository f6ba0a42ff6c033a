import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * Checks JSON bodies against the `chargebee` package's own TypeScript types (`types/*.d.ts`),
 * using the TypeScript checker: required attributes present, every attribute's type and enum
 * values right, and — stricter than the SDK's `[key: string]: unknown` — no attribute the types do
 * not declare, except those listed in `undeclared` (documented by Chargebee, missing from the SDK).
 */
export interface ChargebeeTypeValidator {
  /** Problems of `value` as the SDK type `typeName` (e.g. `Invoice.VoidInvoiceResponse`); `[]` when it conforms. */
  check(typeName: string, value: unknown): string[];
}

type Check = (value: unknown, at: string, out: string[]) => void;

/** `invoice.linked_taxes_withheld[]` as Chargebee documents it: `id`, `amount`, `description`, `date`, `reference_number`. */
const linkedTaxesWithheld: Check = (value, at, out) => {
  if (!Array.isArray(value)) {
    out.push(`${at}: expected an array`);
    return;
  }
  const fields: Record<string, 'string' | 'number'> = {
    id: 'string',
    amount: 'number',
    description: 'string',
    date: 'number',
    reference_number: 'string',
  };
  value.forEach((entry, index) => {
    const where = `${at}[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      out.push(`${where}: expected an object`);
      return;
    }
    if (typeof (entry as { id?: unknown }).id !== 'string') out.push(`${where}.id: required string`);
    for (const [key, field] of Object.entries(entry)) {
      if (!fields[key]) out.push(`${where}.${key}: not a documented attribute`);
      else if (typeof field !== fields[key]) out.push(`${where}.${key}: expected ${fields[key]}`);
    }
  });
};

/**
 * Attributes Chargebee documents that the SDK 3.33.0 types do not declare. `object` is the
 * resource-kind tag every Chargebee JSON resource carries. `linked_taxes_withheld` is named by the
 * void endpoint's preconditions (apidocs.chargebee.com, "Void an invoice").
 */
const undeclared: Record<string, Check | null> = {
  object: null,
  linked_taxes_withheld: linkedTaxesWithheld,
};

/** The installed `chargebee` package's folder (its `exports` hide `package.json`, so resolve the CJS entry). */
export function chargebeePackageDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.resolve(path.dirname(require.resolve('chargebee')), '..');
}

const VIRTUAL = path.join(process.cwd(), '__chargebee_types__.ts');

export function createChargebeeTypeValidator(typeNames: readonly string[]): ChargebeeTypeValidator {
  const chargebeeDir = chargebeePackageDirectory();
  const names = [...new Set(typeNames)];
  const source = [
    `/// <reference path=${JSON.stringify(path.join(chargebeeDir, 'types/index.d.ts'))} />`,
    `import type { ${[...new Set(names.map((name) => name.split(/[.[]/)[0]))].join(', ')} } from 'chargebee';`,
    ...names.map((name, index) => `export type T${index} = ${name};`),
  ].join('\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    types: [],
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === VIRTUAL ? source : readFile(file));
  host.fileExists = (file) => file === VIRTUAL || fileExists(file);
  host.getSourceFile = (file, language) =>
    file === VIRTUAL ? ts.createSourceFile(file, source, language) : getSourceFile(file, language);
  const program = ts.createProgram([VIRTUAL], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(VIRTUAL)!;
  const diagnostics = ts.getPreEmitDiagnostics(program, file);
  if (diagnostics.length) {
    throw new Error(
      `chargebee types did not load: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`,
    );
  }
  const types = new Map<string, ts.Type>();
  const aliases = file.statements.filter(ts.isTypeAliasDeclaration);
  names.forEach((name, index) => {
    const alias = aliases.find((statement) => statement.name.text === `T${index}`)!;
    types.set(name, checker.getTypeAtLocation(alias.name));
  });

  function walk(type: ts.Type, value: unknown, at: string, out: string[]): void {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (type.isUnion()) {
      const members = type.types.filter((member) => !(member.flags & ts.TypeFlags.Undefined));
      if (members.every((member) => member.isStringLiteral())) {
        const allowed = members.map((member) => (member as ts.StringLiteralType).value);
        if (typeof value !== 'string' || !allowed.includes(value)) {
          out.push(`${at}: ${JSON.stringify(value)} is not one of ${allowed.join(' | ')}`);
        }
        return;
      }
      if (members.length === 2 && members.every((m) => m.flags & ts.TypeFlags.BooleanLiteral)) {
        if (typeof value !== 'boolean') out.push(`${at}: expected boolean, got ${JSON.stringify(value)}`);
        return;
      }
      const attempts = members.map((member) => {
        const problems: string[] = [];
        walk(member, value, at, problems);
        return problems;
      });
      if (!attempts.some((problems) => problems.length === 0)) out.push(...(attempts[0] ?? []));
      return;
    }
    if (flags & ts.TypeFlags.StringLike) {
      if (type.isStringLiteral()) {
        if (value !== type.value) out.push(`${at}: expected ${JSON.stringify(type.value)}`);
      } else if (typeof value !== 'string') out.push(`${at}: expected string, got ${JSON.stringify(value)}`);
      return;
    }
    if (flags & ts.TypeFlags.NumberLike) {
      if (typeof value !== 'number' || !Number.isFinite(value)) out.push(`${at}: expected number`);
      return;
    }
    if (flags & ts.TypeFlags.BooleanLike) {
      if (typeof value !== 'boolean') out.push(`${at}: expected boolean`);
      return;
    }
    if (checker.isArrayType(type)) {
      if (!Array.isArray(value)) {
        out.push(`${at}: expected an array`);
        return;
      }
      const element = checker.getTypeArguments(type as ts.TypeReference)[0]!;
      value.forEach((item, index) => {
        walk(element, item, `${at}[${index}]`, out);
      });
      return;
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push(`${at}: expected an object`);
        return;
      }
      const record = value as Record<string, unknown>;
      const properties = checker.getPropertiesOfType(type);
      const declared = new Set(properties.map((property) => property.name));
      for (const property of properties) {
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        const present = Object.hasOwn(record, property.name);
        if (!present) {
          if (!optional) out.push(`${at}.${property.name}: required by the SDK's type, missing`);
          continue;
        }
        walk(checker.getTypeOfSymbol(property), record[property.name], `${at}.${property.name}`, out);
      }
      for (const key of Object.keys(record)) {
        if (declared.has(key)) continue;
        if (Object.hasOwn(undeclared, key)) {
          undeclared[key]?.(record[key], `${at}.${key}`, out);
          continue;
        }
        out.push(`${at}.${key}: not an attribute of the SDK's type`);
      }
      return;
    }
    out.push(`${at}: unsupported type ${checker.typeToString(type)}`);
  }

  return {
    check(typeName, value) {
      const type = types.get(typeName);
      if (!type) throw new Error(`type ${typeName} was not loaded`);
      const out: string[] = [];
      walk(type, value, typeName, out);
      return out;
    },
  };
}
