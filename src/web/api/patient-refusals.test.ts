// Every refusal a patient's screen can receive is worded in the catalogue, in English and Spanish.
// The codes are read from the server's source, not from a list kept by hand: the route files that
// serve patients and visitors (a route whose access is PATIENT, "public" or "signed-in"), everything
// they import in src/server and src/domain, and in those files every code a refusal is built with.
// A new refusal reachable from a patient route fails here until it has its words in both languages.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { enApp } from "../i18n/en-app.ts";
import { es } from "../i18n/es.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const rel = (file: string) => path.relative(root, file);

/**
 * Route files that take "public" or "signed-in" requests but serve no patient screen: API clients
 * (FHIR, OAuth), monitors (health), and the first owner's set-up of a new clinic.
 */
const NOT_PATIENT_SURFACES = new Set([
  "src/server/routes/fhir/fhir.route.ts",
  "src/server/routes/oauth/oauth.route.ts",
  "src/server/routes/health/health.route.ts",
  "src/server/routes/first-run/first-run.route.ts",
]);

/** Refusals built where no service is involved (the HTTP layer's own). */
const HTTP_LAYER = "src/server/http/errors.ts";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const parsed = new Map<string, ts.SourceFile>();
function source(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** The route files a patient's or a visitor's request can reach. */
export function patientRouteFiles(): string[] {
  return filesUnder(path.join(root, "src/server/routes"))
    .filter((f) => f.endsWith(".route.ts") && !NOT_PATIENT_SURFACES.has(rel(f)))
    .filter((f) => /access:\s*(PATIENT\b|"public"|"signed-in")/.test(readFileSync(f, "utf8")));
}

/**
 * The route files and every file of ours they import in server and domain: values, and the
 * services a route is handed by type (app.ts builds some once and passes them in).
 */
function closure(entries: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...entries, path.join(root, HTTP_LAYER)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const statement of source(file).statements) {
      const spec =
        ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
          ? statement.moduleSpecifier
          : undefined;
      if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) continue;
      const typeOnly = ts.isImportDeclaration(statement)
        ? statement.importClause?.isTypeOnly === true
        : (statement as ts.ExportDeclaration).isTypeOnly;
      const target = path.resolve(path.dirname(file), spec.text);
      if (target.endsWith(".test.ts")) continue;
      if (
        typeOnly ? /src\/server\/(services|security)\//.test(target) : /src\/(server|domain)\//.test(target)
      )
        stack.push(target);
    }
  }
  return [...seen];
}

/** String literals of an expression that can be its value (not the ones it compares against). */
function valuesOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...valuesOf(node.whenTrue), ...valuesOf(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return valuesOf(node.expression);
  return [];
}

const REFUSALS: Record<string, number> = { DomainError: 1, HttpError: 1, SlotTakenError: 0 };
const isCode = (s: string) => /^[a-z][a-z_]*[a-z]$/.test(s);

/**
 * The refusal codes built in these files: the code argument of `new DomainError(kind, code, …)`,
 * `new HttpError(status, code, …)` and `new SlotTakenError(code, …)`, and of `super(…)` in a
 * class that extends one of them; the `error:` of a refusal the
 * HTTP layer sends itself; where the code is a helper's parameter, the literals that helper is called
 * with; where it is a domain check's `code`, the literals that check returns as `code:`.
 */
export function refusalCodes(files: string[]): Map<string, string> {
  const codes = new Map<string, string>();
  const add = (code: string, file: string) => {
    if (isCode(code) && !codes.has(code)) codes.set(code, rel(file));
  };
  const helpers = new Map<string, number>(); // function name → index of its code parameter
  let fromChecks = false;
  for (const file of files) {
    walk(source(file), (n) => {
      // A refusal of its own kind: `class X extends DomainError { … super(kind, code, …) }`.
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) {
        let owner: ts.Node | undefined = n.parent;
        while (owner && !ts.isClassLike(owner)) owner = owner.parent;
        const base =
          owner && ts.isClassLike(owner) ? owner.heritageClauses?.[0]?.types[0]?.expression : undefined;
        if (base && ts.isIdentifier(base) && base.text in REFUSALS) {
          const arg = n.arguments[REFUSALS[base.text]!];
          if (arg) for (const code of valuesOf(arg)) add(code, file);
        }
        return;
      }
      if (!ts.isNewExpression(n) || !ts.isIdentifier(n.expression)) return;
      const at = REFUSALS[n.expression.text];
      const arg = at === undefined ? undefined : n.arguments?.[at];
      if (!arg) return;
      const literal = valuesOf(arg);
      for (const code of literal) add(code, file);
      if (literal.length > 0) return;
      // A code passed in: from a helper's parameter, or a domain check's result.
      if (ts.isPropertyAccessExpression(arg) && arg.name.text === "code") fromChecks = true;
      if (!ts.isIdentifier(arg)) return;
      let fn: ts.Node | undefined = n.parent;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
      if (!fn || !ts.isFunctionLike(fn)) return;
      const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === arg.text);
      const name =
        ts.isFunctionDeclaration(fn) && fn.name
          ? fn.name.text
          : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
            ? fn.parent.name.text
            : undefined;
      if (index >= 0 && name) helpers.set(name, index);
    });
  }
  for (const file of files) {
    const text = source(file).text;
    walk(source(file), (n) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && helpers.has(n.expression.text)) {
        const arg = n.arguments[helpers.get(n.expression.text)!];
        if (arg) for (const code of valuesOf(arg)) add(code, file);
      }
      // A check's result (`{ ok: false, code: "slot_taken", … }`) becomes the refusal's code.
      if (fromChecks && ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === "code") {
        if (/ok:\s*false/.test(text.slice(n.parent.pos, n.parent.end)))
          for (const code of valuesOf(n.initializer)) add(code, file);
      }
      // The HTTP layer's own refusals: `.send({ error: "csrf", … })`.
      if (rel(file) === HTTP_LAYER && ts.isPropertyAssignment(n) && ts.isIdentifier(n.name)) {
        if (n.name.text === "error") for (const code of valuesOf(n.initializer)) add(code, file);
      }
    });
  }
  return codes;
}

const reachable = refusalCodes(closure(patientRouteFiles()));

test("the patient routes are found and their refusals read from the source", () => {
  const routes = patientRouteFiles().map(rel);
  for (const expected of [
    "src/server/routes/portal/portal.route.ts",
    "src/server/routes/booking/booking.route.ts",
    "src/server/routes/consents/consents.route.ts",
    "src/server/routes/intake/intake.route.ts",
    "src/server/routes/public/public.route.ts",
  ]) {
    assert.ok(routes.includes(expected), `${expected} serves patients`);
  }
  // One of each way a code is built: a literal, a domain check's result, a helper's argument, and
  // the HTTP layer's own.
  for (const code of ["invalid_signature", "slot_taken", "outside_opening_hours", "link_expired", "csrf"]) {
    assert.ok(reachable.has(code), `${code} is found`);
  }
});

test("every refusal a patient's screen can receive has its words in English and Spanish", () => {
  const english = enApp as Record<string, string>;
  const spanish = es as Record<string, string>;
  const missing = [...reachable]
    .filter(([code]) => !(`error.${code}` in english && `error.${code}` in spanish))
    .map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(
    missing,
    [],
    `no catalogue text (error.<code> in en-app.ts and es.ts) for:\n${missing.join("\n")}`,
  );
});
