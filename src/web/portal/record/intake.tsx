/** The intake questionnaire in the portal: the patient's own answers (see intake-form.tsx). */
import { t } from "../../i18n/index.ts";
import { IntakeForm } from "./intake-form.tsx";

export function IntakePage() {
  return <IntakeForm path="/api/portal/intake" heading={t("intake.title")} />;
}
