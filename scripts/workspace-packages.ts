import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The parts of a package.json the workspace checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
  main?: string;
  types?: string;
  exports?: unknown;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  publishConfig?: { access?: string; exports?: unknown; main?: string; types?: string };
}

/** A publishable workspace package: one with a build and an entry (`src/index.ts`). */
export interface WorkspacePackage {
  /** Folder name under `packages/`. */
  folder: string;
  dir: string;
  manifest: PackageManifest;
}

/** The repository root (this file lives in `scripts/`). */
export const repositoryRoot = resolve(import.meta.dirname, '..');

/**
 * Every package under `packages/` that has a build script and a `src/index.ts`, so a package
 * that is still a skeleton (a package.json only) is left out until it has code, and covered
 * by every check from then on without anyone listing it.
 */
export function listWorkspacePackages(root = repositoryRoot): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesDir, entry.name))
    .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src/index.ts')))
    .map((dir) => ({
      folder: dir.slice(packagesDir.length + 1),
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest,
    }))
    .filter((pkg) => pkg.manifest.scripts?.build !== undefined && pkg.manifest.private !== true);
}
