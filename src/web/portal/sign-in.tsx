import { Alert, Anchor, Text } from "@mantine/core";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { AuthFrame } from "../components/auth-frame.tsx";
import { safeNext } from "../components/guards.tsx";
import { SignInForm } from "../components/sign-in-form.tsx";
import { t } from "../i18n/index.ts";
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
      area={t("portal.signIn.area")}
      title={t("portal.signIn.title")}
      intro={t("portal.signIn.intro")}
      footer={
        <Text size="sm" ta="center">
          {t("portal.signIn.noAccount")}{" "}
          <Anchor component={Link} to="/book">
            {t("common.book")}
          </Anchor>
          {clinic?.phone ? ` ${t("portal.signIn.orCall", { phone: clinic.phone })}` : "."}
          <br />
          <Anchor component={Link} to="/portal/sign-in/link">
            {t("link.useLink")}
          </Anchor>
          <br />
          {t("portal.signIn.staff")}{" "}
          <Anchor component={Link} to="/app/sign-in">
            {t("portal.signIn.staffLink")}
          </Anchor>
        </Text>
      }
    >
      {params.get("expired") ? (
        <Alert color="clay" variant="light">
          {t("portal.signIn.expired")}
        </Alert>
      ) : null}
      <SignInForm onSignedIn={(user) => navigate(isStaff(user) ? "/app" : next, { replace: true })} />
    </AuthFrame>
  );
}
