// Sign-in by e-mailed link. Without a token: ask for a link. With one (in the address's fragment,
// which browsers never send to a server or a referrer): one tap spends it. The tap matters: mail
// scanners that open links must not use up the patient's link.
import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { redeemSignInLink, requestSignInLink } from "../../../contract/auth.ts";
import { ApiError, errorMessage, forgetCsrfToken, submit } from "../../api/client.ts";
import { AuthFrame } from "../../components/auth-frame.tsx";
import { t } from "../../i18n/index.ts";
import { useSession } from "../../session.tsx";

export function SignInLinkPage() {
  const token = typeof window === "undefined" ? "" : window.location.hash.slice(1);
  return token ? <OpenLink token={token} /> : <RequestLink />;
}

function RequestLink() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function askForLink(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await submit(requestSignInLink, { body: { email } });
      setSent(r.expiresInMinutes);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthFrame
      area="Patient portal"
      title={t("link.title")}
      intro={t("link.intro")}
      footer={
        <Text size="sm" ta="center">
          <Anchor component={Link} to="/portal/sign-in">
            {t("link.usePassword")}
          </Anchor>
        </Text>
      }
    >
      {sent !== null ? (
        <Alert color="green" role="status">
          {t("link.sent", { minutes: sent })}
        </Alert>
      ) : (
        <form onSubmit={askForLink}>
          <Stack>
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput
              label={t("link.email")}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t("link.send")}
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

function OpenLink({ token }: { token: string }) {
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function open() {
    setBusy(true);
    setError(null);
    try {
      const { user } = await submit(redeemSignInLink, { body: { token } });
      forgetCsrfToken();
      adopt(user);
      window.history.replaceState(null, "", window.location.pathname);
      navigate("/portal/plan", { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthFrame area="Patient portal" title={t("link.open.title")} intro={t("link.open.text")}>
      <Stack>
        {error ? (
          <Alert color="red" role="alert">
            {error}{" "}
            <Anchor component={Link} to="/portal/sign-in/link" onClick={() => (window.location.hash = "")}>
              {t("link.open.again")}
            </Anchor>
          </Alert>
        ) : null}
        <Button size="lg" onClick={open} loading={busy}>
          {t("link.open.button")}
        </Button>
      </Stack>
    </AuthFrame>
  );
}
