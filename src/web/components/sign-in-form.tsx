import {
  Alert,
  Button,
  Checkbox,
  Code,
  Image,
  List,
  PasswordInput,
  Radio,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import {
  type LoginResult,
  login,
  type SessionUser,
  type TwoFactorStep,
  verifySecondFactor,
} from "../../contract/auth.ts";
import { clinicPublicFace } from "../../contract/clinic.ts";
import { ApiError, call, errorMessage, submit } from "../api/client.ts";
import { useSession } from "../session.tsx";
import { AlertIcon } from "./icons.tsx";
import { RecoveryCodeToggle } from "./recovery-code-toggle.tsx";

type Stage =
  | { name: "password" }
  | { name: "code"; step: TwoFactorStep }
  | { name: "recovery-codes"; user: SessionUser; codes: string[] };

/** The clinics to choose from when a sign-in answers 409 choose_clinic, else null. */
function clinicChoices(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== "choose_clinic") return null;
  const fields = error.fields;
  const text = fields && !Array.isArray(fields) ? fields["body.clinic"] : undefined;
  const list = text
    ?.replace(/^one of:\s*/, "")
    .split(/,\s*/)
    .filter(Boolean);
  return list && list.length > 0 ? list : null;
}

interface ClinicChoice {
  slug: string;
  label: string;
}

/**
 * Each clinic by the name people know it by (its public page's name), not its web address; a
 * clinic whose name cannot be read keeps its address, and two of one name show both.
 */
async function namedChoices(slugs: string[]): Promise<ClinicChoice[]> {
  const named = await Promise.all(
    slugs.map((slug) =>
      call(clinicPublicFace, { query: { slug } }).then(
        (clinic) => ({ slug, name: clinic.name }),
        () => ({ slug, name: slug }),
      ),
    ),
  );
  return named.map(({ slug, name }) => ({
    slug,
    label: named.filter((n) => n.name === name).length > 1 && name !== slug ? `${name} (${slug})` : name,
  }));
}

/**
 * Email + password, then for owners and providers the authenticator code (or a recovery code);
 * at a first sign-in, enrolment: scan the QR code, confirm a code, keep the recovery codes.
 */
export function SignInForm({
  onSignedIn,
  initialStep,
}: {
  onSignedIn: (user: SessionUser) => void;
  /** Start at the second factor (a new account enrolling its authenticator). */
  initialStep?: TwoFactorStep;
}) {
  const { adopt } = useSession();
  const [stage, setStage] = useState<Stage>(
    initialStep ? { name: "code", step: initialStep } : { name: "password" },
  );
  // One e-mail with accounts at several clinics: the person says which clinic (409 choose_clinic).
  const [clinics, setClinics] = useState<ClinicChoice[] | null>(null);
  const [clinic, setClinic] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const [trust, setTrust] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function finish(user: SessionUser) {
    adopt(user);
    onSignedIn(user);
  }

  async function attempt(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (email.trim() === "" || password === "") {
      setError("Enter your email address and password.");
      return;
    }
    if (clinics && !clinic) {
      setError("Choose the clinic you want to sign in to.");
      return;
    }
    void attempt(async () => {
      let answer: LoginResult;
      try {
        answer = await submit(login, {
          body: { email: email.trim(), password, ...(clinics && clinic ? { clinic } : {}) },
        });
      } catch (caught) {
        const choices = clinicChoices(caught);
        if (!choices) throw caught;
        setClinics(await namedChoices(choices));
        setClinic(null);
        // Said as it is: thrown, a plain Error would read "Something went wrong".
        setError("This e-mail has an account at more than one clinic: choose the clinic, then sign in.");
        return;
      }
      if (answer.user) finish(answer.user);
      else if (answer.twoFactor) {
        setCode("");
        setStage({ name: "code", step: answer.twoFactor });
      }
    });
  }

  function submitCode(event: FormEvent<HTMLFormElement>, step: TwoFactorStep) {
    event.preventDefault();
    const value = code.trim();
    if (value === "") {
      setError(useRecovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your app.");
      return;
    }
    void attempt(async () => {
      const answer = await submit(verifySecondFactor, {
        body: {
          challenge: step.challenge,
          ...(useRecovery ? { recoveryCode: value } : { code: value.replace(/\s/g, "") }),
          rememberDevice: trust,
        },
      });
      if (answer.recoveryCodes)
        setStage({ name: "recovery-codes", user: answer.user, codes: answer.recoveryCodes });
      else finish(answer.user);
    });
  }

  const errorAlert = error ? (
    <Alert id="sign-in-error" color="red" variant="light" icon={<AlertIcon />} role="alert">
      {error}
    </Alert>
  ) : null;

  if (stage.name === "recovery-codes") {
    return (
      <Stack gap="md">
        <Text fw={600}>Two-factor sign-in is set up.</Text>
        <Text size="sm">
          Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They
          are shown only now.
        </Text>
        <List spacing={4} aria-label="Recovery codes">
          {stage.codes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
        <Button size="md" fullWidth onClick={() => finish(stage.user)}>
          I have saved my recovery codes
        </Button>
      </Stack>
    );
  }

  if (stage.name === "code") {
    const { step } = stage;
    return (
      <form
        onSubmit={(event) => submitCode(event, step)}
        noValidate
        aria-describedby={error ? "sign-in-error" : undefined}
      >
        <Stack gap="md">
          {errorAlert}
          {step.enrolment ? (
            <>
              <Text size="sm">
                Your account needs two-factor sign-in. Scan this code with an authenticator app, then enter
                the 6-digit code it shows.
              </Text>
              <Image
                src={step.enrolment.qrCode}
                alt="QR code to add Remodel to an authenticator app"
                w={200}
              />
              <Text size="sm">
                Or enter this key by hand: <Code data-testid="totp-secret">{step.enrolment.secret}</Code>
              </Text>
            </>
          ) : (
            <Text size="sm">Enter the code from your authenticator app.</Text>
          )}
          <TextInput
            label={useRecovery ? "Recovery code" : "Authentication code"}
            name="code"
            autoComplete="one-time-code"
            inputMode={useRecovery ? "text" : "numeric"}
            required
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            size="md"
          />
          {step.enrolment ? null : (
            <>
              <Checkbox
                label="Trust this browser for 30 days"
                checked={trust}
                onChange={(event) => setTrust(event.currentTarget.checked)}
              />
              <RecoveryCodeToggle
                recovery={useRecovery}
                onChange={(recovery) => {
                  setUseRecovery(recovery);
                  setCode("");
                }}
              />
            </>
          )}
          <Button type="submit" size="md" loading={busy} fullWidth>
            Verify
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <form onSubmit={submitPassword} noValidate aria-describedby={error ? "sign-in-error" : undefined}>
      <Stack gap="md">
        {errorAlert}
        <TextInput
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          size="md"
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          size="md"
        />
        {clinics ? (
          <Radio.Group label="Clinic" required value={clinic} onChange={setClinic}>
            <Stack gap="xs" mt="xs">
              {clinics.map((c) => (
                <Radio key={c.slug} value={c.slug} label={c.label} />
              ))}
            </Stack>
          </Radio.Group>
        ) : null}
        <Button type="submit" size="md" loading={busy} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
