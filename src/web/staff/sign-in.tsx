import { Alert, Anchor, Text } from "@mantine/core";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { AuthFrame } from "../components/auth-frame.tsx";
import { safeNext } from "../components/guards.tsx";
import { SignInForm } from "../components/sign-in-form.tsx";
import { isStaff, useSession } from "../session.tsx";

export function StaffSignInPage() {
  const { session } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"), "/app");

  if (session.status === "signed-in" && isStaff(session.user)) return <Navigate to={next} replace />;

  return (
    <AuthFrame
      area="Staff"
      title="Staff sign-in"
      intro="Sign in with your clinic account to see patients, appointments and charts."
      footer={
        <Text size="sm">
          Are you a patient?{" "}
          <Anchor component={Link} to="/portal/sign-in">
            Sign in to the patient portal
          </Anchor>
        </Text>
      }
    >
      {params.get("expired") ? (
        <Alert color="clay" variant="light">
          Your session has ended. Please sign in again.
        </Alert>
      ) : null}
      <SignInForm onSignedIn={(user) => navigate(isStaff(user) ? next : "/portal", { replace: true })} />
    </AuthFrame>
  );
}
