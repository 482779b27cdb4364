// The page an invited staff member opens from their e-mail: they choose a password and, when their
// role signs in with two factors, enrol an authenticator. The token is in the link's fragment.
import { Alert, Button, PasswordInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { acceptInvitation, type SessionUser, type TwoFactorStep } from "../../../contract/auth.ts";
import { submit } from "../../api/client.ts";
import { AuthFrame } from "../../components/auth-frame.tsx";
import { SignInForm } from "../../components/sign-in-form.tsx";
import { useSession } from "../../session.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";
import { useSave } from "../setup/use-save.ts";
import { tokenFromHash } from "./first-run.tsx";

export function AcceptInvitationPage() {
  const navigate = useNavigate();
  const { adopt } = useSession();
  const token = tokenFromHash(useLocation().hash);
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [step, setStep] = useState<{ twoFactor: TwoFactorStep; user: SessionUser } | null>(null);
  const save = useSave();

  if (step) {
    return (
      <AuthFrame
        area="Staff"
        title={`Welcome, ${step.user.name}`}
        intro={`${step.user.clinic.name} asks owners and providers to sign in with a code from an authenticator app too.`}
      >
        <SignInForm initialStep={step.twoFactor} onSignedIn={() => navigate("/app", { replace: true })} />
      </AuthFrame>
    );
  }
  if (!token) {
    return (
      <AuthFrame
        area="Staff"
        title="Join your clinic"
        intro="This page opens from the link in your invitation e-mail."
      >
        <Alert color="clay" variant="light">
          Open the link in your invitation e-mail again, or ask the clinic's owner to send a new invitation.
        </Alert>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame area="Staff" title="Join your clinic" intro="Choose the password you will sign in with.">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== again) {
            setMismatch(true);
            return;
          }
          setMismatch(false);
          void save.run(async () => {
            const answer = await submit(acceptInvitation, { body: { token, password } });
            if (answer.twoFactor) setStep({ twoFactor: answer.twoFactor, user: answer.user });
            else {
              adopt(answer.user);
              navigate("/app", { replace: true });
            }
          }, "Welcome.");
        }}
      >
        <Stack gap="md">
          <PasswordInput
            label="New password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(save.error, "body.password")}
          />
          <PasswordInput
            label="The same password again"
            autoComplete="new-password"
            required
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
            error={mismatch ? "The two passwords differ" : undefined}
          />
          {fieldError(save.error, "body.token") ? (
            <Text c="red.9" size="sm" role="alert">
              This invitation link was used, has expired or was replaced by a newer one. Ask the clinic's
              owner to send it again.
            </Text>
          ) : null}
          <Button type="submit" size="md" loading={save.busy}>
            Join
          </Button>
          <FormStatus error={fieldError(save.error, "body.token") ? null : save.error} done={null} />
        </Stack>
      </form>
    </AuthFrame>
  );
}
