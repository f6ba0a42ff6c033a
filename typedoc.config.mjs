// `pnpm docs`: the API reference of every package with a `src/index.ts` (new packages are
// covered without listing them), written to docs/api/. Fails (exit code 1) on a public export
// without a doc comment, naming it (scripts/typedoc-require-export-docs.mjs):
//   "<module>.<export> (<kind>, <file>:<line>) is a public export without a doc comment".
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const packages = readdirSync('packages')
  .map((folder) => join('packages', folder))
  .filter((dir) => existsSync(join(dir, 'src/index.ts')) && existsSync(join(dir, 'package.json')));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'billbridge',
  entryPoints: packages.map((dir) => join(dir, 'src/index.ts')),
  entryPointStrategy: 'resolve',
  tsconfig: 'tsconfig.docs.json',
  out: 'docs/api',
  readme: 'none',
  // Source links from a template, not from the git remote: a fresh checkout or CI clone may have none.
  disableGit: true,
  sourceLinkTemplate: 'https://github.com/billbridge/billbridge/blob/main/{path}#L{line}',
  excludePrivate: true,
  excludeInternal: true,
  // Exported declarations need a comment (the plugin); their members may stay undocumented.
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  plugin: ['./scripts/typedoc-require-export-docs.mjs'],
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
};
