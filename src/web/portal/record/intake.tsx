/** The intake questionnaire in the portal: the patient's own answers (see intake-form.tsx). */
import { IntakeForm } from "./intake-form.tsx";

export function IntakePage() {
  return <IntakeForm path="/api/portal/intake" heading="Health questionnaire" />;
}
