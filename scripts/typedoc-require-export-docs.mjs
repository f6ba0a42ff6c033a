// TypeDoc plugin: every public export of every package needs a doc comment. TypeDoc's own
// `validation.notDocumented` also demands comments on interface members and method signatures
// (its "Function" kind covers both); billbridge asks for the exported declarations themselves.
// Each miss is a validation warning naming the export, its package, kind and file, and
// `treatValidationWarningsAsErrors` makes `pnpm docs` fail on it.
import { Application, ReflectionKind } from 'typedoc';

/**
 * Exports allowed without a doc comment, by "<package folder>:<export>" with the file. Empty: the
 * 122 listed when this check came in are documented now. Keep it empty; an entry is a debt, and a
 * listed export that gets a comment is reported until it is removed here, so the list only shrinks.
 * @type {Set<string>}
 */
const knownUndocumented = new Set([]);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const seen = new Set();
    for (const module of project.getChildrenAndDocumentsByKind?.(ReflectionKind.Module) ??
      project.children ??
      []) {
      for (const exported of module.children ?? []) {
        // A re-export (`export … from '@billbridge/core'`) is checked where it is declared.
        if (exported.kindOf(ReflectionKind.Reference)) continue;
        const source = exported.sources?.[0]?.fileName ?? '?';
        // By package folder and name: stable when a package's files are split or renamed.
        const folder = /packages\/([^/]+)\//.exec(source)?.[1] ?? module.name;
        const key = `${folder}:${exported.name}`;
        const documented =
          exported.hasComment() || (exported.signatures ?? []).some((signature) => signature.hasComment());
        const known = knownUndocumented.has(key);
        if (known && documented) {
          app.logger.validationWarning(
            `${key} is documented now: remove it from knownUndocumented in ${import.meta.filename}`,
          );
        }
        if (documented || known) continue;
        // The umbrella re-exports core: report a declaration once, where it is written.
        const where = `${source}:${exported.sources?.[0]?.line ?? 0}`;
        if (seen.has(`${exported.name}@${where}`)) continue;
        seen.add(`${exported.name}@${where}`);
        app.logger.validationWarning(
          `${key} (${ReflectionKind[exported.kind]}, ${where}) is a public export without a doc comment: add one`,
        );
      }
    }
  });
}
