// The protocol the self-check screens with: the clinic software's default ruleset, checked when the
// web app was built and adopted here as is (no schema library in the browser). The screening engine
// is the server's own; prepared-protocol.test.ts proves the decisions are identical.
import prepared from "virtual:remodel/prepared-protocol";
import { adoptPreparedProtocol } from "../../../domain/protocol/prepared-protocol.ts";
import type { Protocol } from "../../../domain/protocol/types.ts";

let cached: Protocol | undefined;

export function selfCheckProtocol(): Protocol {
  cached ??= adoptPreparedProtocol(prepared);
  return cached;
}
