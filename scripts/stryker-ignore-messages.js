// A Stryker ignorer (stryker.config.mjs `ignorers`): the prose of error messages is not mutated.
// A string or template literal with whitespace in it that is built into the arguments of
// `new SomethingError(...)`, or of `super(...)` inside an error class, is message wording: the
// error's class, its `code` and its fields (option names, indices, values) stay mutated and
// tested, since they are single words or expressions. Pinning every message verbatim would make
// the tests brittle without testing behaviour; the messages' key facts are matched by regex in
// test/errors.test.ts and the others.
import { PluginKind, declareValuePlugin } from "@stryker-mutator/api/plugin";

const ERROR_NAME = /Error$/;

function isProse(node) {
  if (node.type === "StringLiteral") return /\s/.test(node.value);
  if (node.type === "TemplateLiteral") return node.quasis.some((q) => /\s/.test(q.value.cooked ?? q.value.raw));
  return false;
}

function insideErrorClass(path) {
  const owner = path.findParent((p) => p.isClassDeclaration() || p.isClassExpression());
  const superClass = owner?.node.superClass;
  return superClass?.type === "Identifier" && (ERROR_NAME.test(superClass.name) || superClass.name === "Error");
}

function isErrorConstruction(path) {
  if (path.isNewExpression()) {
    const callee = path.node.callee;
    return callee.type === "Identifier" && ERROR_NAME.test(callee.name);
  }
  return path.isCallExpression() && path.node.callee.type === "Super" && insideErrorClass(path);
}

export const messageProseIgnorer = {
  shouldIgnore(path) {
    if (!isProse(path.node)) return undefined;
    // Walk up through expressions only: a statement or function boundary ends the search.
    for (let p = path.parentPath; p && p.isExpression?.() !== false && !p.isStatement() && !p.isFunction(); p = p.parentPath) {
      if (isErrorConstruction(p)) return "error message prose (scripts/stryker-ignore-messages.js)";
    }
    return undefined;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, "error-message-prose", messageProseIgnorer)];
