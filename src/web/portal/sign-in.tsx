import { Alert, Anchor, Text } from "@mantine/core";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { AuthFrame } from "../components/auth-frame.tsx";
import { safeNext } from "../components/guards.tsx";
import { SignInForm } from "../components/sign-in-form.tsx";
import { usePublicClinic } from "../lib/use-clinic.ts";
import { isStaff, useSession } from "../session.tsx";

export function PortalSignInPage() {
  const { session } = useSession();
  const { clinic } = usePublicClinic();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"), "/portal");

  if (session.status === "signed-in" && !isStaff(session.user)) return <Navigate to={next} replace />;

  return (
    <AuthFrame
      area="Patient portal"
      title="Sign in"
      intro="See your upcoming appointments and your treatment course."
      footer={
        <Text size="sm" ta="center">
          No account yet?{" "}
          <Anchor component={Link} to="/book">
            Book a consultation
          </Anchor>
          {clinic?.phone ? ` or call ${clinic.phone}.` : "."}
          <br />
          <Anchor component={Link} to="/portal/sign-in/link">
            E-mail me a sign-in link instead
          </Anchor>
          <br />
          Clinic staff:{" "}
          <Anchor component={Link} to="/app/sign-in">
            staff sign-in
          </Anchor>
        </Text>
      }
    >
      {params.get("expired") ? (
        <Alert color="clay" variant="light">
          Your session has ended. Please sign in again.
        </Alert>
      ) : null}
      <SignInForm onSignedIn={(user) => navigate(isStaff(user) ? "/app" : next, { replace: true })} />
    </AuthFrame>
  );
}
