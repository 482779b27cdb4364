/** A clinic's choice of protocol version, as the owner reads its history. */
import type { ProtocolSelectionRow } from "../../db/repositories/protocol-version.repository.ts";

export function presentProtocolSelection(r: ProtocolSelectionRow) {
  return {
    version: r.version,
    choices: r.choices,
    selectedAt: r.selectedAt,
    selectedBy: { id: r.selectedBy, name: r.selectedByName },
  };
}
