/**
 * CI check: every package's built `dist` imports only what its package.json declares
 * (`dependencies`, `peerDependencies`, `optionalDependencies`), declares nothing it does not
 * import, and bundles nothing from `node_modules` (tsup inlines an undeclared import silently, so
 * the `.js` alone would look clean; the `.d.ts` and esbuild's metafile of the inputs do not).
 *
 * Run after `pnpm build`: `tsx scripts/check-dist-imports.ts [packages-root]`. Exit code 1 lists
 * each problem as `<package>: <file>: <problem>`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import { listWorkspacePackages, repositoryRoot, type WorkspacePackage } from './workspace-packages.js';

/**
 * `from '…'`, `import '…'`, `import('…')`, `require('…')`, in code and in declaration files. A
 * module-scope `const require = createRequire(import.meta.url)` (a lazy, synchronous load, as
 * `@billbridge/testing` loads nock) comes out of esbuild renamed `require2`: counted too.
 */
const specifierPatterns = [
  /\bfrom\s*["']([^"'\n]+)["']/g,
  /\bimport\s*["']([^"'\n]+)["']/g,
  /\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
  /\brequire\d*\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
];

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for a relative path or a Node builtin. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return undefined;
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Bare package names a built file imports. */
export function importedPackages(code: string): Set<string> {
  const names = new Set<string>();
  for (const pattern of specifierPatterns) {
    for (const match of code.matchAll(pattern)) {
      const name = packageNameOf(match[1] as string);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The problems of one package's dist, as `<file>: <problem>` lines. */
export function checkPackageDist(pkg: WorkspacePackage, all: readonly WorkspacePackage[]): string[] {
  const dist = join(pkg.dir, 'dist');
  if (!existsSync(dist)) return [`dist/ is missing (run the build first)`];
  const { manifest } = pkg;
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems: string[] = [];
  const used = new Set<string>();
  if (!readdirSync(dist).some((file) => /^metafile-[a-z]+\.json$/.test(file))) {
    problems.push('dist/ has no metafile-*.json (the build must set metafile: true, see tsup.base.ts)');
  }
  for (const file of filesUnder(dist)) {
    const name = relative(pkg.dir, file);
    const text = readFileSync(file, 'utf8');
    if (/metafile-[a-z]+\.json$/.test(file)) {
      const inputs = Object.keys((JSON.parse(text) as { inputs?: Record<string, unknown> }).inputs ?? {});
      // tsup's own shims (`tsup/assets/cjs_shims.js`, `import.meta.url` in CommonJS) are not a dependency.
      const bundled = inputs.filter(
        (input) => input.includes('node_modules/') && !input.includes('node_modules/tsup/assets/'),
      );
      if (bundled.length > 0) {
        problems.push(
          `${name}: bundles ${bundled.length} file(s) from node_modules (e.g. ${bundled[0]}): declare the package so the build leaves it external`,
        );
      }
      continue;
    }
    if (!/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) continue;
    for (const imported of importedPackages(text)) {
      if (imported === manifest.name) continue;
      used.add(imported);
      if (!declared.has(imported)) {
        problems.push(`${name}: imports "${imported}", which package.json does not declare`);
      }
    }
  }
  // A peer the package does not import itself is still right when a declared workspace package
  // needs it as its own peer (the umbrella forwards the adapters' SDK peers to the application).
  const forwardedPeers = new Set(
    all
      .filter((other) => declared.has(other.manifest.name))
      .flatMap((other) => Object.keys(other.manifest.peerDependencies ?? {})),
  );
  for (const name of declared) {
    if (used.has(name)) continue;
    if (manifest.peerDependencies?.[name] !== undefined && forwardedPeers.has(name)) continue;
    problems.push(`package.json declares "${name}", which dist/ never imports`);
  }
  return problems;
}

function main(): void {
  const root = process.argv[2] ?? repositoryRoot;
  const packages = listWorkspacePackages(root);
  let failed = false;
  for (const pkg of packages) {
    const problems = checkPackageDist(pkg, packages);
    if (problems.length === 0) {
      console.log(`ok   ${pkg.manifest.name}`);
      continue;
    }
    failed = true;
    for (const problem of problems) console.error(`FAIL ${pkg.manifest.name}: ${problem}`);
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
