// TypeDoc plugin for `npm run docs`: every public symbol of the package carries an @example — each
// export of bindings/index.ts, each function of an exported namespace (metrics.*) and each public
// method of an exported class. TypeDoc itself only checks that a comment exists (validation
// notDocumented); with treatWarningsAsErrors a missing example fails the build.
import { Application, ReflectionKind } from "typedoc";

function hasExample(reflection) {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((signature) => signature.comment)];
  return comments.some((comment) => comment?.blockTags.some((tag) => tag.tag === "@example"));
}

function publicSymbols(project) {
  const symbols = [];
  for (const child of project.children ?? []) {
    // a re-export (export type { X } from a namespace) is the documented symbol itself
    if (child.kindOf(ReflectionKind.Reference)) continue;
    symbols.push(child);
    if (child.kindOf(ReflectionKind.Namespace)) symbols.push(...(child.children ?? []).filter((member) => member.kindOf(ReflectionKind.Function)));
    if (child.kindOf(ReflectionKind.Class)) {
      symbols.push(...(child.children ?? []).filter((member) => member.kindOf(ReflectionKind.Method) && !member.flags.isPrivate && !member.flags.isProtected && !member.inheritedFrom));
    }
  }
  return symbols;
}

/** @param {Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const symbol of publicSymbols(project)) {
      if (!hasExample(symbol)) app.logger.warn(`${symbol.getFriendlyFullName()} (${ReflectionKind.singularString(symbol.kind)}) has no @example`);
    }
  });
}
