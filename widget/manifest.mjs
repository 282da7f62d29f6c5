// Writes custom-elements.json (Custom Elements Manifest, schema 2.1.0) at the repository root from the element
// sources, so editors, docs and linters know every element, attribute, property, event, slot, CSS part and custom
// property. Read with the TypeScript compiler API: decorated fields, class JSDoc tags (@fires, @csspart, @cssprop,
// @slot, @attr), the HTMLElementTagNameMap entries and the event classes. widget/build.mjs runs it on every build;
// `node widget/manifest.mjs` runs it alone.
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const ELEMENTS = ["parley-element", "parley-article", "parley-comments", "parley-count"].map((f) => `widget/elements/${f}.ts`);
const EVENTS = ["widget/events.ts", "widget/comment-posted-event.ts"];
const ENTRY = "widget/index.ts";

const parse = (path) => ts.createSourceFile(path, readFileSync(`${root}${path}`, "utf8"), ts.ScriptTarget.ES2022, true);
const squash = (text) => (text ?? "").replace(/\s+/g, " ").trim();
const docText = (node) => squash(ts.getJSDocCommentsAndTags(node).map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) : "")).join(" "));

/** `@tag name - description` lines of a node's JSDoc, as [{ tag, name, description }]. */
function docTags(node) {
  return ts.getJSDocTags(node).map((tag) => {
    const [, name = "", description = ""] = /^(\S+)(?:\s+-\s+([\s\S]*))?$/.exec(squash(ts.getTextOfJSDocComment(tag.comment))) ?? [];
    return { tag: tag.tagName.text, name, description: squash(description) };
  });
}

/** The event classes by event name (`super("parley-loaded", …)`), with their description and module. */
function eventClasses() {
  const byName = new Map();
  for (const path of EVENTS) {
    const file = parse(path);
    for (const node of file.statements) {
      if (!ts.isClassDeclaration(node) || !node.name) continue;
      const text = node.getText(file);
      const name = /super\(\s*"([a-z-]+)"/.exec(text)?.[1];
      if (name) byName.set(name, { className: node.name.text, module: path, description: docText(node), node, file });
    }
  }
  return byName;
}

/** The options object of `@property({...})`, as { attribute, reflect } (defaults: attribute true, reflect false). */
function propertyOptions(decorator, file) {
  const call = decorator.expression;
  const options = { attribute: true, reflect: false };
  const arg = call.arguments[0];
  if (arg && ts.isObjectLiteralExpression(arg))
    for (const p of arg.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const key = p.name.getText(file);
      const value = p.initializer.getText(file);
      if (key == "attribute") options.attribute = value == "false" ? false : value == "true" ? true : JSON.parse(value);
      if (key == "reflect") options.reflect = value == "true";
    }
  return options;
}

/** The type of a field: its annotation, else what its initializer says. */
function typeOf(member, file) {
  if (member.type) return member.type.getText(file) + (member.questionToken ? " | undefined" : "");
  const init = member.initializer;
  if (!init) return undefined;
  if (ts.isStringLiteral(init)) return "string";
  if (ts.isNumericLiteral(init)) return "number";
  if (init.kind == ts.SyntaxKind.TrueKeyword || init.kind == ts.SyntaxKind.FalseKeyword) return "boolean";
}

/** Public reactive properties (`@property()` fields) of a class declaration. */
function properties(node, file) {
  const out = [];
  for (const member of node.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const decorator = ts.getDecorators(member)?.find((d) => ts.isCallExpression(d.expression) && d.expression.expression.getText(file) == "property");
    if (!decorator) continue;
    const name = member.name.getText(file);
    const { attribute, reflect } = propertyOptions(decorator, file);
    const type = typeOf(member, file);
    out.push({
      name,
      description: docText(member),
      type,
      default: member.initializer?.getText(file),
      attribute: attribute === true ? name.toLowerCase() : attribute || undefined,
      reflects: reflect || undefined,
    });
  }
  return out;
}

/** Drops undefined values, so the JSON holds only what is known. */
const compact = (o) => JSON.parse(JSON.stringify(o));

export function createManifest() {
  const events = eventClasses();
  const tags = new Map();
  for (const path of ELEMENTS) {
    const file = parse(path);
    // declare global { interface HTMLElementTagNameMap { "parley-x": ParleyX } }
    file.forEachChild(function visit(node) {
      if (ts.isInterfaceDeclaration(node) && node.name.text == "HTMLElementTagNameMap")
        for (const m of node.members) if (m.type) tags.set(m.type.getText(file), m.name.getText(file).replace(/"/g, ""));
      node.forEachChild(visit);
    });
  }

  const classes = new Map();
  for (const path of ELEMENTS) {
    const file = parse(path);
    for (const node of file.statements)
      if (ts.isClassDeclaration(node) && node.name) classes.set(node.name.text, { node, file, path });
  }

  const modules = [];
  for (const [name, { node, file, path }] of classes) {
    const heritage = node.heritageClauses?.[0]?.types[0]?.expression.getText(file);
    const superclass = classes.get(heritage);
    const own = properties(node, file);
    const inherited = superclass ? properties(superclass.node, superclass.file).map((p) => ({ ...p, inheritedFrom: { name: heritage, module: superclass.path } })) : [];
    const props = [...own, ...inherited];
    const docs = docTags(node);
    const of = (tag) => docs.filter((d) => d.tag == tag);
    const tagName = tags.get(name);
    const declaration = {
      kind: "class",
      name,
      description: docText(node),
      superclass: superclass ? { name: heritage, module: superclass.path } : heritage ? { name: heritage, package: "lit" } : undefined,
      customElement: tagName ? true : undefined,
      tagName,
      attributes: tagName
        ? [
            ...props
              .filter((p) => p.attribute)
              .map((p) => ({ name: p.attribute, fieldName: p.name, type: p.type && { text: p.type }, default: p.default, description: p.description, inheritedFrom: p.inheritedFrom })),
            ...of("attr").map((a) => ({ name: a.name, type: { text: "string" }, description: a.description })),
          ]
        : undefined,
      members: props.map((p) => ({
        kind: "field",
        name: p.name,
        privacy: "public",
        type: p.type && { text: p.type },
        default: p.default,
        description: p.description,
        attribute: p.attribute,
        reflects: p.reflects,
        inheritedFrom: p.inheritedFrom,
      })),
      events: tagName
        ? of("fires").map((f) => {
            const cls = events.get(f.name);
            return { name: f.name, type: cls && { text: cls.className }, description: f.description };
          })
        : undefined,
      slots: tagName ? of("slot").map((s) => ({ name: s.name, description: s.description })) : undefined,
      cssParts: tagName ? of("csspart").map((p) => ({ name: p.name, description: p.description })) : undefined,
      cssProperties: tagName ? of("cssprop").map((p) => ({ name: p.name, description: p.description })) : undefined,
    };
    modules.push({
      kind: "javascript-module",
      path,
      declarations: [declaration],
      exports: [{ kind: "js", name, declaration: { name, module: path } }],
    });
  }

  // The event classes, which pages may import the types of.
  const eventModules = new Map();
  for (const [eventName, e] of events) {
    const mod = eventModules.get(e.module) ?? { kind: "javascript-module", path: e.module, declarations: [], exports: [] };
    const fields = e.node.members
      .flatMap((m) => (ts.isConstructorDeclaration(m) ? m.parameters.filter((p) => p.modifiers?.some((x) => x.kind == ts.SyntaxKind.ReadonlyKeyword)) : []))
      .map((p) => ({ kind: "field", name: p.name.getText(e.file), type: p.type && { text: p.type.getText(e.file) }, readonly: true }));
    const heritage = e.node.heritageClauses?.[0]?.types[0]?.expression.getText(e.file);
    mod.declarations.push({
      kind: "class",
      name: e.className,
      description: `${e.description} Event name: \`${eventName}\`.`,
      superclass: { name: heritage, package: "global:" },
      members: fields,
    });
    mod.exports.push({ kind: "js", name: e.className, declaration: { name: e.className, module: e.module } });
    eventModules.set(e.module, mod);
  }
  modules.push(...eventModules.values());

  // Where the elements are defined: the entry.
  modules.push({
    kind: "javascript-module",
    path: ENTRY,
    declarations: [],
    exports: [...tags].map(([className, tag]) => ({
      kind: "custom-element-definition",
      name: tag,
      declaration: { name: className, module: classes.get(className).path },
    })),
  });

  return compact({
    schemaVersion: "2.1.0",
    readme: "README.md",
    modules,
  });
}

/** Writes custom-elements.json; returns its path relative to the repository. */
export function writeManifest() {
  const path = `${root}custom-elements.json`;
  writeFileSync(path, `${JSON.stringify(createManifest(), null, 2)}\n`);
  return relative(root, path);
}

if (import.meta.url == pathToFileURL(process.argv[1]).href) console.log(`wrote ${writeManifest()}`);
