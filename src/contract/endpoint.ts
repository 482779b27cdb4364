// One HTTP endpoint as both sides see it: its method, its path (":name" marks a path parameter) and
// the zod schema of its 200 answer. The web's API client derives the call and the answer's type from
// it; the server's routes declare the same response schema.
import type { z } from "zod";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The path parameters a path template names: "/api/patients/:id/charts" → { id: string }. */
export type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;

export interface Endpoint<Path extends string = string, Response extends z.ZodType = z.ZodType> {
  readonly method: Method;
  readonly path: Path;
  readonly response: Response;
}

export function endpoint<const Path extends string, Response extends z.ZodType>(
  method: Method,
  path: Path,
  response: Response,
): Endpoint<Path, Response> {
  return { method, path, response };
}

/** Query-string values; undefined leaves the parameter out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** The URL for a call: path parameters filled in (encoded), the query appended. */
export function urlOf(path: string, params: Record<string, string>, query: QueryParams = {}): string {
  const filled = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const qs = search.toString();
  return qs === "" ? filled : `${filled}?${qs}`;
}

/**
 * A write whose body the contract declares (the schema the server validates it with), so the web
 * sends the body's type (z.input of the schema), never an untyped object.
 */
export interface Write<Path extends string = string, Body extends z.ZodType = z.ZodType> {
  readonly method: Exclude<Method, "GET">;
  readonly path: Path;
  readonly body: Body;
}

export function write<const Path extends string, Body extends z.ZodType>(
  method: Exclude<Method, "GET">,
  path: Path,
  body: Body,
): Write<Path, Body> {
  return { method, path, body };
}

/**
 * A write that also declares its answer: the body schema the server validates with and the schema
 * of its 200 answer, so the web sends a typed body and gets a checked, typed answer.
 */
export interface Action<
  Path extends string = string,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
> extends Write<Path, Body> {
  readonly response: Response;
}

export function action<const Path extends string, Body extends z.ZodType, Response extends z.ZodType>(
  method: Exclude<Method, "GET">,
  path: Path,
  body: Body,
  response: Response,
): Action<Path, Body, Response> {
  return { method, path, body, response };
}
