/**
 * Staff enter or complete the intake on the patient's behalf (a phone booking, an imported
 * record, a patient without a phone): the same questions as the portal, started from the last
 * answers or the self-check sent with a booking, recorded as entered by staff.
 */
import { Anchor, Stack } from "@mantine/core";
import { Link, useParams } from "react-router";
import { IntakeForm } from "../../portal/record/intake-form.tsx";

export function StaffIntakePage() {
  const { patientId = "" } = useParams();
  const id = encodeURIComponent(patientId);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/app/patients/${id}`} size="sm" w="fit-content" underline="hover">
        Back to the patient
      </Anchor>
      <IntakeForm path={`/api/patients/${id}/intake`} staff heading="Intake questionnaire" />
    </Stack>
  );
}
