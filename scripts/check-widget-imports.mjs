// The widget's import rules, which tsconfig alone cannot state (part of `npm run typecheck`):
// - a widget module imports only other widget modules, the worker's contract, and Lit;
// - from the contract it imports types only (`import type`), except from modules of plain constants (a contract
//   module with no runtime imports, e.g. limits.ts): zod and the worker's code never ship to readers;
// - widget modules form no import cycle, counting type-only and lazy (`import()`) imports.
// Usage: node scripts/check-widget-imports.mjs [project root]; exits 1 and lists every violation.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Packages the widget may import, and their subpaths. */
const PACKAGES = ["lit"];

/** Every import of a module: what it names, whether it is erased at build time, and where it is. */
function importsOf(path) {
  const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = [];
  const add = (node, spec, typeOnly) => found.push({ spec, typeOnly, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      let typeOnly = ts.isImportDeclaration(node) ? !!node.importClause?.isTypeOnly : node.isTypeOnly;
      const named = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
      // `import { type A, type B } from` is erased too, when it has no default import and every name is a type.
      if (!typeOnly && named && ts.isNamedImports(named) && !node.importClause?.name)
        typeOnly = named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!typeOnly && named && ts.isNamedExports(named)) typeOnly = named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      // A bare `import "./x"` runs the module: it is not type-only.
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.expression.kind == ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0] ?? {})) {
      add(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The file a relative specifier names, as the bundler resolves it. */
function resolveFile(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
}

const tsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );

/** Checks the widget under `root`; answers the list of violations, empty when there are none. */
export function checkWidgetImports(root) {
  const widget = join(root, "widget");
  const contract = join(root, "worker", "contract");
  const inside = (path, dir) => !relative(dir, path).startsWith("..");
  const name = (path) => relative(root, path);
  const problems = [];
  /** Contract modules whose imports are all type-only: plain constants, fine to ship. */
  const plain = new Map();
  const isPlain = (path) => {
    if (!plain.has(path)) plain.set(path, importsOf(path).every((i) => i.typeOnly));
    return plain.get(path);
  };
  const graph = new Map();
  for (const path of tsFiles(widget)) {
    const edges = [];
    graph.set(path, edges);
    for (const { spec, typeOnly, line } of importsOf(path)) {
      const at = `${name(path)}:${line}`;
      if (!spec.startsWith(".")) {
        if (!PACKAGES.some((p) => spec == p || spec.startsWith(`${p}/`))) problems.push(`${at} imports "${spec}": the widget may use only ${PACKAGES.join(", ")}`);
        continue;
      }
      const target = resolveFile(path, spec);
      if (!target) problems.push(`${at} imports "${spec}", which does not exist`);
      else if (inside(target, widget)) edges.push(target);
      else if (!inside(target, contract)) problems.push(`${at} imports ${name(target)}: the widget may import only the contract (worker/contract)`);
      else if (!typeOnly && !isPlain(target))
        problems.push(`${at} imports values from ${name(target)}: use \`import type\` (only plain-constant contract modules ship)`);
    }
  }
  // Cycles: a depth-first walk; a module met again while still on the path closes a cycle.
  const state = new Map();
  const walk = (path, trail) => {
    state.set(path, "open");
    for (const next of graph.get(path) ?? []) {
      if (state.get(next) == "open") {
        const cycle = [...trail.slice(trail.indexOf(next)), next];
        problems.push(`import cycle: ${cycle.map(name).join(" → ")}`);
      } else if (!state.has(next)) walk(next, [...trail, next]);
    }
    state.set(path, "done");
  };
  for (const path of graph.keys()) if (!state.has(path)) walk(path, [path]);
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) == fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  const problems = checkWidgetImports(root);
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log("widget imports: only the contract (types, plain constants) and lit; no cycles");
}
