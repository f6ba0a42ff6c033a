/**
 * CI check: every publishable package carries what an npm page and a careful adopter need, the
 * same way: the root MIT LICENSE, a README, description, repository (with its folder), homepage,
 * keywords; `publishConfig.exports` equal to `exports` without the workspace-only `source`
 * condition (pnpm swaps it in on pack and publish); and peer ranges that are the caret of the
 * version CI installs and tests (`^<devDependency version>`), so a range never promises a major
 * nobody ran.
 *
 * `tsx scripts/check-package-manifests.ts [repository-root]`; exit code 1 lists the problems.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  listWorkspacePackages,
  type PackageManifest,
  repositoryRoot,
  type WorkspacePackage,
} from './workspace-packages.js';

/** `exports` as published: the same map with every `source` condition removed. */
export function withoutSourceCondition(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'source')
      .map(([key, inner]) => [key, withoutSourceCondition(inner)]),
  );
}

function containsSourceCondition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => key === 'source' || containsSourceCondition(inner));
}

/** The problems of one package's manifest and files. */
export function checkPackageManifest(
  pkg: WorkspacePackage,
  root: PackageManifest,
  rootDir: string,
): string[] {
  const { manifest, dir, folder } = pkg;
  const problems: string[] = [];
  const rootLicense = readFileSync(join(rootDir, 'LICENSE'), 'utf8');
  const license = join(dir, 'LICENSE');
  if (!existsSync(license)) problems.push('LICENSE is missing (copy the root LICENSE)');
  else if (readFileSync(license, 'utf8') !== rootLicense)
    problems.push('LICENSE differs from the root LICENSE');
  if (!existsSync(join(dir, 'README.md')))
    problems.push('README.md is missing (the npm page would be empty)');
  if (manifest.license !== 'MIT') problems.push(`license is ${JSON.stringify(manifest.license)}, not "MIT"`);
  if (!manifest.description) problems.push('description is missing');
  if (!manifest.keywords?.length) problems.push('keywords are missing');
  if (manifest.repository?.url !== root.repository?.url) {
    problems.push(`repository.url must be the root's ${JSON.stringify(root.repository?.url)}`);
  }
  if (manifest.repository?.directory !== `packages/${folder}`) {
    problems.push(`repository.directory must be "packages/${folder}"`);
  }
  // The repository's web address, from the root's (unconfirmed: README, "Publishing"): every
  // package's homepage and issue tracker follow it, so changing the root changes them all.
  const web = root.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '');
  const homepage = `${web}/tree/main/packages/${folder}#readme`;
  if (manifest.homepage !== homepage) problems.push(`homepage must be ${JSON.stringify(homepage)}`);
  if (manifest.bugs?.url !== `${web}/issues`) problems.push(`bugs.url must be "${web}/issues"`);
  if (manifest.exports !== undefined) {
    const published = manifest.publishConfig?.exports;
    if (published === undefined) {
      problems.push('publishConfig.exports is missing: the source condition would be published');
    } else if (!isDeepStrictEqual(published, withoutSourceCondition(manifest.exports))) {
      problems.push('publishConfig.exports must equal exports without the "source" condition');
    }
  }
  if (containsSourceCondition(manifest.publishConfig))
    problems.push('publishConfig contains a "source" condition');
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (range.startsWith('workspace:')) continue;
    const tested = manifest.devDependencies?.[name];
    if (tested === undefined) {
      problems.push(`peer "${name}" has no pinned devDependency: CI tests no version of it`);
    } else if (range !== `^${tested}`) {
      problems.push(`peer "${name}" is "${range}"; CI tests ${tested}, so the range is "^${tested}"`);
    }
  }
  return problems;
}

function main(): void {
  const rootDir = process.argv[2] ?? repositoryRoot;
  const root = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as PackageManifest;
  let failed = false;
  for (const pkg of listWorkspacePackages(rootDir)) {
    const problems = checkPackageManifest(pkg, root, rootDir);
    if (problems.length === 0) console.log(`ok   ${pkg.manifest.name}`);
    for (const problem of problems) console.error(`FAIL ${pkg.manifest.name}: ${problem}`);
    failed ||= problems.length > 0;
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
