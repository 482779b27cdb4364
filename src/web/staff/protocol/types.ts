// Shapes of the protocol endpoints, as the shared contract (src/contract/protocol.ts) infers them.
import type { z } from "zod";
import type {
  catalogueView,
  clinicChoicesBody,
  historyView,
  protocolOverview,
  rescreenView,
} from "../../../contract/protocol.ts";

export type ClinicChoices = z.output<typeof clinicChoicesBody>;
export type RuleChoice = NonNullable<ClinicChoices["rules"]>[string];
export type ChoosableRule = z.output<typeof catalogueView>["rules"][number];
export type ChoiceOption = ChoosableRule["default"];
export type SeriesValues = z.output<typeof catalogueView>["seriesAlternatives"][number]["default"];
export type Range = SeriesValues["sessions"];
export type ProtocolOverview = z.output<typeof protocolOverview>;
export type ProtocolHistory = z.output<typeof historyView>;
export type RescreenResult = z.output<typeof rescreenView>;
