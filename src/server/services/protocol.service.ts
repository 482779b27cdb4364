/**
 * A clinic's protocol: the shipped default until an owner chooses, then the version of the latest
 * choice. Versions are content-addressed and stored in full, so every decision can name, reload
 * and re-run the exact protocol that produced it.
 */
import type { Db, Tx } from "../../db/pool.ts";
import {
  findCurrentProtocolVersion,
  findProtocolVersionId,
  getProtocolVersionById,
  insertProtocolSelection,
  insertProtocolVersion,
  listProtocolSelections,
} from "../../db/repositories/protocol-version.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { checkOwnValues, choiceCatalogue } from "../../domain/protocol/choice-catalogue.ts";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import {
  applyClinicChoices,
  loadProtocol,
  ProtocolError,
  protocolVersion,
} from "../../domain/protocol/protocol.ts";
import type { ClinicChoices, Protocol } from "../../domain/protocol/types.ts";
import { presentProtocolSelection } from "../presenters/protocol.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export interface CurrentProtocol {
  protocol: Protocol;
  version: string;
  /** The stored row, or null while the clinic uses the shipped default and nothing was stored yet. */
  versionId: string | null;
  choices: ClinicChoices;
  isDefault: boolean;
  selectedAt: Date | null;
}

// Loading a stored protocol (parse + checks + freeze) costs milliseconds; versions never change,
// so a loaded one is kept by its version string. Bounded: clinics share few versions in practice.
const loaded = new Map<string, Protocol>();
const LOADED_MAX = 64;

function remember(version: string, protocol: Protocol): Protocol {
  if (loaded.size >= LOADED_MAX) loaded.delete(loaded.keys().next().value as string);
  loaded.set(version, protocol);
  return protocol;
}

/** A stored version's protocol, checked against its version string (the data must be what it names). */
export function protocolFromStored(version: string, data: unknown): Protocol {
  const cached = loaded.get(version);
  if (cached) return cached;
  const protocol = loadProtocol(data);
  const actual = protocolVersion(protocol);
  if (actual !== version) {
    throw new Error(`stored protocol ${version} does not hash to its version (${actual})`);
  }
  return remember(version, protocol);
}

function isEmptyChoices(c: ClinicChoices): boolean {
  return (
    Object.keys(c.rules ?? {}).length === 0 &&
    c.depthCapMode === undefined &&
    (c.seriesAlternatives ?? []).length === 0 &&
    Object.keys(c.zoneCapsMm ?? {}).length === 0
  );
}

/** The clinic's current protocol, inside the caller's transaction. */
export async function currentProtocol(tx: Tx): Promise<CurrentProtocol> {
  const row = await findCurrentProtocolVersion(tx);
  if (!row) {
    const protocol = defaultProtocol();
    const version = protocolVersion(protocol);
    return {
      protocol,
      version,
      versionId: await findProtocolVersionId(tx, version),
      choices: {},
      isDefault: true,
      selectedAt: null,
    };
  }
  const protocol = protocolFromStored(row.version, row.protocol);
  return {
    protocol,
    version: row.version,
    versionId: row.id,
    choices: row.choices as ClinicChoices,
    isDefault: row.version === protocolVersion(defaultProtocol()),
    selectedAt: row.createdAt,
  };
}

/** The stored row id of the current version, storing the shipped default the first time it is used. */
export async function currentVersionId(tx: Tx, current: CurrentProtocol, userId: string): Promise<string> {
  if (current.versionId) return current.versionId;
  return insertProtocolVersion(tx, {
    version: current.version,
    ruleset: current.protocol.ruleset,
    choices: {},
    protocol: current.protocol,
    createdBy: userId,
  });
}

/** A stored version by row id (for re-reading old decisions). */
export async function storedProtocol(tx: Tx, versionId: string): Promise<Protocol | null> {
  const row = await getProtocolVersionById(tx, versionId);
  return row ? protocolFromStored(row.version, row.protocol) : null;
}

/** Builds the protocol a set of choices makes, or a 400 naming the offending choice. */
export function protocolForChoices(choices: ClinicChoices): Protocol {
  const base = defaultProtocol();
  if (isEmptyChoices(choices)) return base;
  const problem = checkOwnValues(base, choices);
  if (problem) {
    throw new DomainError("invalid", "invalid_choice", `body.${problem.field}: ${problem.message}`, {
      [`body.${problem.field}`]: problem.message,
    });
  }
  try {
    return applyClinicChoices(base, choices);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    // "invalid clinic choices: rules.CI-X: unknown alternative ..." -> body.rules.CI-X
    const m = /^invalid (?:clinic choices|protocol): ([^:]+): (.*)$/s.exec(err.message);
    const field = m ? `body.${m[1]}` : "body";
    const message = m ? (m[2] as string) : err.message;
    throw new DomainError("invalid", "invalid_choice", `${field}: ${message}`, { [field]: message });
  }
}

export class ProtocolService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** The current version, its choices, and everything an owner may choose from. */
  overview(ctx: RequestContext) {
    return clinicalTx(this.#db, ctx, async (tx) => {
      const current = await currentProtocol(tx);
      return {
        current: {
          version: current.version,
          isDefault: current.isDefault,
          ruleset: current.protocol.ruleset,
          choices: current.choices,
          since: current.selectedAt,
        },
        defaultVersion: protocolVersion(defaultProtocol()),
        catalogue: choiceCatalogue(defaultProtocol()),
      };
    });
  }

  choose(ctx: RequestContext, choices: ClinicChoices) {
    const protocol = protocolForChoices(choices);
    const version = protocolVersion(protocol);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const previous = await currentProtocol(tx);
      const stored: ClinicChoices = protocol === defaultProtocol() ? {} : choices;
      const versionId = await insertProtocolVersion(tx, {
        version,
        ruleset: protocol.ruleset,
        choices: stored,
        protocol,
        createdBy: ctx.principal.user.id,
      });
      await insertProtocolSelection(tx, versionId, ctx.principal.user.id);
      await audit("protocol.choose", "protocol_version", versionId, {
        version,
        previousVersion: previous.version,
        choices: stored,
      });
      return { version, versionId, changed: version !== previous.version, choices: stored };
    });
  }

  history(ctx: RequestContext, limit: number, offset: number) {
    return clinicalTx(this.#db, ctx, async (tx) => {
      const { rows, total } = await listProtocolSelections(tx, limit, offset);
      return {
        defaultVersion: protocolVersion(defaultProtocol()),
        total,
        versions: rows.map(presentProtocolSelection),
      };
    });
  }
}
