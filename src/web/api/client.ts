// The one way the web app talks to the server: JSON over fetch, the session in a cookie, and the
// CSRF token in a header on every state-changing request. Calls named by an endpoint of the shared
// contract (src/contract) have their answers checked against its schema and decoded (instants
// become Dates), so a screen gets the type the contract infers, never an unchecked cast.

import type { z } from "zod";
import type { csrf } from "../../contract/auth.ts";
import {
  type Action,
  type Endpoint,
  type PathParams,
  type QueryParams,
  urlOf,
  type Write,
} from "../../contract/endpoint.ts";
import { tMaybe } from "../i18n/index.ts";

export interface ApiErrorBody {
  error: string;
  message: string;
  fields?: Record<string, string> | Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ApiErrorBody["fields"];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.error;
    this.fields = body.fields;
  }
}

/** Thrown when the request never got an answer (offline, server down). */
export class NetworkError extends Error {
  constructor() {
    super("Could not reach the clinic server. Check your connection and try again.");
    this.name = "NetworkError";
  }
}

type Method = Endpoint["method"];

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

let csrfToken: Promise<string> | null = null;
const unauthorizedListeners = new Set<() => void>();

/** Called whenever a request other than sign-in is answered with 401 (e.g. the session expired). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Forget the CSRF token: the server issues a new one with each new session. */
export function forgetCsrfToken(): void {
  csrfToken = null;
}

const sessionListeners = new Set<() => void>();

/** Called whenever a session begins or ends (sign-in, sign-out, expiry). */
export function onSessionChange(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/**
 * A session began or ended: its CSRF token and every answer read for the previous person are
 * forgotten, so nothing read for one user is shown to the next.
 */
export function sessionChanged(): void {
  forgetCsrfToken();
  for (const listener of sessionListeners) listener();
}

function fetchCsrfToken(): Promise<string> {
  csrfToken ??= send<UncheckedAnswer<typeof csrf>>("GET", "/api/auth/csrf", {}, null).then(
    (body) => body.csrfToken,
    (error: unknown) => {
      csrfToken = null;
      throw error;
    },
  );
  return csrfToken;
}

async function readError(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    // Not JSON (a proxy error page, say): fall back to a message built from the status.
  }
  const fallback =
    response.status === 429
      ? "Too many attempts. Please wait a minute and try again."
      : response.status >= 500
        ? "Something went wrong on the server. Please try again."
        : `The request failed (${response.status}).`;
  return new ApiError(response.status, {
    error: typeof body.error === "string" ? body.error : `http_${response.status}`,
    message: typeof body.message === "string" && body.message !== "" ? body.message : fallback,
    fields: body.fields,
  });
}

async function send<T>(
  method: Method,
  path: string,
  options: RequestOptions,
  token: string | null,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (token !== null) headers["x-csrf-token"] = token;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new NetworkError();
  }
  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    if (method === "GET") return await send<T>(method, path, options, null);
    try {
      return await send<T>(method, path, options, await fetchCsrfToken());
    } catch (error) {
      // The token may belong to a session that has since rotated: fetch a fresh one, retry once.
      if (!(error instanceof ApiError && error.status === 403 && error.code === "csrf")) throw error;
      forgetCsrfToken();
      return await send<T>(method, path, options, await fetchCsrfToken());
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && !path.startsWith("/api/auth/")) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
}

/** What a call to an endpoint needs: its path parameters (when the path names any), query and body. */
export type CallOptions<Path extends string> = (keyof PathParams<Path> extends never
  ? { params?: undefined }
  : { params: PathParams<Path> }) & { query?: QueryParams; body?: unknown; signal?: AbortSignal };

/** The answer of an endpoint as the web sees it: validated and decoded by the contract's schema. */
export type Answer<E extends Endpoint> = z.output<E["response"]>;

/** Thrown when an answer does not match the contract: a server and web app of different versions. */
export class ContractError extends Error {
  constructor(endpoint: Endpoint, cause: unknown) {
    super(`The answer of ${endpoint.method} ${endpoint.path} does not match the contract.`, { cause });
    this.name = "ContractError";
  }
}

/** Calls an endpoint of the contract and returns its decoded answer. */
export async function call<E extends Endpoint>(
  endpoint: E,
  ...[options]: keyof PathParams<E["path"]> extends never
    ? [options?: CallOptions<E["path"]>]
    : [options: CallOptions<E["path"]>]
): Promise<Answer<E>> {
  const url = urlOf(endpoint.path, (options?.params ?? {}) as Record<string, string>, options?.query);
  const body = await request<unknown>(endpoint.method, url, { body: options?.body, signal: options?.signal });
  // An answer without content (204) is null to the contract: such endpoints declare z.null(), and
  // an endpoint that promised a body and sent none is refused like any other mismatch.
  const parsed = endpoint.response.safeParse(body === undefined ? null : body);
  if (!parsed.success) throw new ContractError(endpoint, parsed.error);
  return parsed.data as Answer<E>;
}

/** What a write needs: its path parameters (when the path names any) and the body its schema takes. */
export type SubmitOptions<W extends Write> = (keyof PathParams<W["path"]> extends never
  ? { params?: undefined }
  : { params: PathParams<W["path"]> }) & { body: z.input<W["body"]> };

/** The answer of a write: checked and decoded when the write declares it (an action), else unknown. */
export type SubmitAnswer<W extends Write> = W extends { response: infer R extends z.ZodType }
  ? z.output<R>
  : unknown;

/**
 * Sends a write of the contract with the body its schema takes. The server validates it and names
 * any field at fault. An action's answer is checked against the schema it declares; a write that
 * declares none answers unchecked.
 */
export async function submit<W extends Write>(write: W, options: SubmitOptions<W>): Promise<SubmitAnswer<W>> {
  const url = urlOf(write.path, (options.params ?? {}) as Record<string, string>);
  const body = await request<unknown>(write.method, url, { body: options.body });
  if (!("response" in write)) return body as SubmitAnswer<W>;
  const action = write as unknown as Action;
  const parsed = action.response.safeParse(body === undefined ? null : body);
  if (!parsed.success) throw new ContractError(action, parsed.error);
  return parsed.data as SubmitAnswer<W>;
}

/** What an unchecked call needs: path parameters when the path names any, the body its schema takes. */
export type UncheckedOptions<E extends Endpoint> = (keyof PathParams<E["path"]> extends never
  ? { params?: undefined }
  : { params: PathParams<E["path"]> }) & {
  query?: QueryParams;
  body?: E extends Write ? z.input<E["body"]> : undefined;
  signal?: AbortSignal;
};

/** The answer of an endpoint as it travels, for unchecked calls: the schema's input (instants are text). */
export type UncheckedAnswer<E extends Endpoint> = z.input<E["response"]>;

/**
 * Calls an endpoint of the contract without checking its answer at run time, for the code of the
 * public pages only: the contract's schemas need the schema library, which would take /self-check
 * and /book over their download budget (test/browser/public-size.test.ts). The endpoint is named by
 * type (`import type`), so the path, the body and the answer's type still come from the contract.
 * The answer is typed as it travels (the schema's input): nothing is decoded, an instant stays text.
 */
export async function callUnchecked<E extends Endpoint>(
  route: { method: E["method"]; path: E["path"] },
  ...[options]: keyof PathParams<E["path"]> extends never
    ? [options?: UncheckedOptions<E>]
    : [options: UncheckedOptions<E>]
): Promise<UncheckedAnswer<E>> {
  const url = urlOf(route.path, (options?.params ?? {}) as Record<string, string>, options?.query);
  const body = await request<unknown>(route.method, url, { body: options?.body, signal: options?.signal });
  return (body === undefined ? null : body) as UncheckedAnswer<E>;
}

/**
 * How the field a refusal names reads in its text (`{field}`); the signed-in areas set the full
 * words. null: the server's own sentence says it better (a field only staff fill in).
 */
let nameField = (_fields: ApiErrorBody["fields"]): string | null =>
  tMaybe("error.field.any", "one of your answers");

/** Sets how refusals name their field (api/field-names.ts: the signed-in areas carry those words). */
export function nameRefusalFieldsWith(namer: typeof nameField): void {
  nameField = namer;
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  // A refusal the catalogue words for people (in their language) by its code, naming the field at
  // fault in their words; a code it does not know keeps the server's own sentence.
  if (error instanceof ApiError) {
    const field = nameField(error.fields);
    return field === null ? error.message : tMaybe(`error.${error.code}`, error.message, { field });
  }
  if (error instanceof NetworkError) return error.message;
  return tMaybe("account.failed", "Something went wrong. Please try again.");
}
