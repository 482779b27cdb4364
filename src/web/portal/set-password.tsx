// Setting the password of the account made when a visitor booked online. The page opens from the
// link in the e-mail sent after booking; the token sits in the address's fragment, which browsers
// never send to a server or a referrer, and works once.
import { Alert, Anchor, Button, PasswordInput, Stack, Text } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { setUpAccount } from "../../contract/public-booking.ts";
import { ApiError, errorMessage, submit } from "../api/client.ts";
import { AuthFrame } from "../components/auth-frame.tsx";
import { t } from "../i18n/index.ts";

export function SetPasswordPage() {
  const [token] = useState(() => (typeof window === "undefined" ? "" : window.location.hash.slice(1)));
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [linkGone, setLinkGone] = useState(false);
  const [savedFor, setSavedFor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { email } = await submit(setUpAccount, { body: { token, password } });
      // The token is spent: it leaves the address bar and the history entry.
      window.history.replaceState(null, "", window.location.pathname);
      setSavedFor(email);
    } catch (caught) {
      const gone = caught instanceof ApiError && caught.code === "setup_token_not_found";
      setLinkGone(gone);
      const field =
        caught instanceof ApiError && !Array.isArray(caught.fields) ? caught.fields?.["body.password"] : null;
      // A spent link is said in the page's own words whatever field the refusal names.
      setError(gone ? t("error.setup_token_not_found") : (field ?? errorMessage(caught)));
    } finally {
      setBusy(false);
    }
  }

  const askLink = (
    <Anchor component={Link} to="/portal/sign-in/link">
      {t("setPassword.askLink")}
    </Anchor>
  );

  if (savedFor) {
    return (
      <AuthFrame
        area="Patient portal"
        title={t("setPassword.ready")}
        intro={t("setPassword.readyText", { email: savedFor })}
      >
        <Button component={Link} to="/portal/sign-in" size="md">
          {t("setPassword.signIn")}
        </Button>
      </AuthFrame>
    );
  }
  if (!token || linkGone) {
    return (
      <AuthFrame area="Patient portal" title={t("setPassword.title")} intro={t("setPassword.noLink")}>
        <Stack>
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <Text>{askLink}</Text>
        </Stack>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame area="Patient portal" title={t("setPassword.title")} intro={t("setPassword.intro")}>
      <form onSubmit={save} noValidate>
        <Stack>
          <PasswordInput
            label={t("setPassword.password")}
            description={t("setPassword.passwordHelp")}
            autoComplete="new-password"
            required
            value={password}
            error={error}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t("setPassword.save")}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
