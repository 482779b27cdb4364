/**
 * The supervising physician's co-signature for depths above the charting provider's licence: the
 * physician types their e-mail, password and second factor (authenticator code, or one of their
 * recovery codes) on this screen. Nothing typed here is kept in the browser after the dialog closes.
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { RecoveryCodeToggle } from "../../components/recovery-code-toggle.tsx";
import { fieldError } from "../setup/form-errors.ts";

export interface CosignInput {
  email: string;
  password: string;
  code?: string;
  recoveryCode?: string;
}

export function CosignDialog({
  reason,
  onSubmit,
  onCancel,
}: {
  /** Why a co-signature is needed (the server's refusal), or null when the dialog is closed. */
  reason: string | null;
  /** Saves with the co-signature; a rejection is shown in the dialog, which stays open. */
  onSubmit: (cosign: CosignInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function close() {
    setEmail("");
    setPassword("");
    setCode("");
    setUseRecovery(false);
    setError(null);
    onCancel();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const factor = code.trim();
    try {
      await onSubmit({
        email: email.trim(),
        password,
        ...(useRecovery ? { recoveryCode: factor } : { code: factor.replace(/\s/g, "") }),
      });
      setEmail("");
      setPassword("");
      setCode("");
    } catch (caught) {
      setError(caught);
      // A code is spent or wrong either way: the next try needs a fresh one.
      setCode("");
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string) => fieldError(error, `body.cosign.${name}`);
  const general = error ? errorMessage(error) : null;

  return (
    <Modal
      opened={reason !== null}
      onClose={close}
      title="Supervising physician's co-signature"
      closeButtonProps={{ "aria-label": "Cancel the co-signature" }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{reason}</Text>
          <Text size="sm">
            The supervising physician enters their own sign-in details and second factor here. They are
            checked once and not kept.
          </Text>
          {general ? (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          ) : null}
          <TextInput
            label="Physician's e-mail"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={field("email")}
          />
          <PasswordInput
            label="Physician's password"
            autoComplete="off"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={field("password")}
          />
          <TextInput
            label={useRecovery ? "Physician's recovery code" : "Physician's authentication code"}
            autoComplete="off"
            inputMode={useRecovery ? "text" : "numeric"}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={useRecovery ? field("recoveryCode") : field("code")}
          />
          <Group justify="space-between">
            <RecoveryCodeToggle
              recovery={useRecovery}
              onChange={(recovery) => {
                setUseRecovery(recovery);
                setCode("");
              }}
            />
            <Group>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Co-sign and save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
