/**
 * Requests made from a route's own zod schemas: a plausible valid sample (to reach the handler
 * past validation, and to mutate), and a stream of invalid or random payloads for fuzzing.
 * Works on the JSON Schema zod derives, so every route's schema is read the same way.
 */
import fc from "fast-check";
import { z } from "zod";

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is loosely typed by nature
export type JsonSchema = Record<string, any>;

export function jsonSchemaOf(schema: unknown): JsonSchema | null {
  if (!schema || typeof schema !== "object" || !("_zod" in schema)) return null;
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return null;
  }
}

const FORMAT_SAMPLES: Record<string, unknown> = {
  email: "sample.person@example.test",
  uuid: "3f2b8c1e-6d4a-4b7e-9a1c-2e5f7d9b0c11",
  date: "2024-03-15",
  "date-time": "2030-03-15T10:00:00.000Z",
  time: "10:00:00",
  uri: "https://example.test/x",
  url: "https://example.test/x",
};

function resolve(root: JsonSchema, s: JsonSchema): JsonSchema {
  if (typeof s.$ref === "string" && s.$ref.startsWith("#/")) {
    let node: JsonSchema = root;
    for (const part of s.$ref.slice(2).split("/")) node = node?.[part];
    return node ?? {};
  }
  return s;
}

/** A value that satisfies the schema's shape (refinements may still refuse it). */
export function sampleOf(schema: JsonSchema, root: JsonSchema = schema, depth = 0): unknown {
  const s = resolve(root, schema);
  if (depth > 8) return null;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.anyOf))
    return sampleOf(s.anyOf.find((o: JsonSchema) => o.type !== "null") ?? s.anyOf[0], root, depth + 1);
  if (Array.isArray(s.oneOf)) return sampleOf(s.oneOf[0], root, depth + 1);
  if (Array.isArray(s.allOf)) return sampleOf(s.allOf[0], root, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        out[key] = sampleOf(s.properties?.[key] ?? {}, root, depth + 1);
      }
      return out;
    }
    case "array":
      return Array.from({ length: s.minItems ?? 0 }, () => sampleOf(s.items ?? {}, root, depth + 1));
    case "string": {
      if (s.format && s.format in FORMAT_SAMPLES) return FORMAT_SAMPLES[s.format];
      if (s.pattern) {
        try {
          const [value] = fc.sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 1, seed: 7 });
          if (value !== undefined) return value.slice(0, s.maxLength ?? value.length);
        } catch {
          // a pattern fast-check cannot read: fall through to a plain string
        }
      }
      return "sample".padEnd(s.minLength ?? 0, "x").slice(0, s.maxLength ?? 100);
    }
    case "integer":
    case "number":
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return "sample";
  }
}

/** Every field path of an object schema's sample, for the mutations below. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return prefix.length ? [prefix] : [];
  const out: string[][] = [];
  for (const [k, v] of Object.entries(value)) {
    out.push([...prefix, k]);
    out.push(...fieldPaths(v, [...prefix, k]).filter((p) => p.length > prefix.length + 1));
  }
  return out;
}

function setPath(target: unknown, path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(target) as Record<string, unknown>;
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string, unknown>)?.[key];
  // An earlier mutation may have replaced the parent with a scalar: leave this one out.
  if (!node || typeof node !== "object") return copy;
  const last = path.at(-1)!;
  if (remove) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = value;
  return copy;
}

const wrongValue = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.constant("   "),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.string({ maxLength: 30 }),
  fc.constant("x".repeat(5000)),
  fc.constant("1900-02-30"),
  fc.constant("'; drop table patients; --"),
  fc.constant("<script>alert(1)</script>"),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({ $gt: "" }),
  fc.constant("\u0000"),
);

/**
 * Payloads a route should refuse (or at worst handle): the valid sample with one field
 * replaced, removed or an unknown one added, and random JSON of any shape.
 */
export function fuzzPayloads(schema: JsonSchema | null): fc.Arbitrary<unknown> {
  const random = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  );
  if (!schema) return random;
  const valid = sampleOf(schema);
  const paths = fieldPaths(valid);
  const mutations: fc.Arbitrary<unknown>[] = [
    random,
    fc.string({ maxLength: 20 }).map((k) => ({ ...(valid as object), [`unknown_${k}`]: 1 })),
  ];
  if (paths.length > 0) {
    const pathArb = fc.constantFrom(...paths);
    mutations.push(
      fc.tuple(pathArb, wrongValue).map(([p, v]) => setPath(valid, p, v)),
      pathArb.map((p) => setPath(valid, p, undefined, true)),
      fc
        .tuple(pathArb, wrongValue, pathArb, wrongValue)
        .map(([p1, v1, p2, v2]) => setPath(setPath(valid, p1, v1), p2, v2)),
    );
  }
  return fc.oneof(...mutations);
}
