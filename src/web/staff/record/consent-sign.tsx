/**
 * Consent signed on a clinic tablet: staff open this page for the patient and hand the tablet
 * over; the patient reads, types their name and signs with a finger. What the patient reads and
 * touches (the forms, their buttons, the signature prompts) is in the patient's language; the
 * staff's own lines stay English.
 */

import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { signPatientConsent } from "../../../contract/consents.ts";
import { submit } from "../../api/client.ts";
import { ArrowLeftIcon } from "../../components/icons.tsx";
import { ConsentForms } from "../../portal/record/consent.tsx";
import { useStaffUser } from "../layout.tsx";

export function TabletConsentPage() {
  const user = useStaffUser();
  const { patientId = "" } = useParams();
  const id = encodeURIComponent(patientId);
  return (
    <Stack gap="lg" maw={760}>
      <title>{`Consent on the tablet · ${user.clinic.name}`}</title>
      <Anchor component={Link} to={`/app/patients/${id}`} size="sm" w="fit-content">
        <Group gap={4} component="span">
          <ArrowLeftIcon size={14} /> Back to the patient
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        Consent forms
      </Title>
      <Text c="dimmed">Hand the tablet to the patient: they read each form, type their name and sign.</Text>
      <ConsentForms
        statusPath={`/api/patients/${id}/consents`}
        sign={(body) => submit(signPatientConsent, { params: { id }, body })}
        pdfPath={(consentId) => `/api/consents/${consentId}/pdf`}
        patientIntro
      />
    </Stack>
  );
}
