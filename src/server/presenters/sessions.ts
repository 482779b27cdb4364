/**
 * A sign-in session as its owner reads it (contract/account.ts: `sessionView`): besides the raw
 * user agent, the browser and system it names ("Safari", "iOS"), so a patient recognises their
 * phone without reading "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) …".
 */
import Bowser from "bowser";
import type { z } from "zod";
import type { sessionView } from "../../contract/account.ts";
import type { SessionListRow } from "../../db/repositories/security.repository.ts";

export function presentSession(s: SessionListRow & { current: boolean }): z.output<typeof sessionView> {
  const parsed = s.userAgent ? Bowser.getParser(s.userAgent) : null;
  return {
    ...s,
    browser: parsed?.getBrowserName() || null,
    system: parsed?.getOSName() || null,
  };
}
