/** Switches a second-factor field between the authenticator app's code and a recovery code. */
import { Button } from "@mantine/core";

export function RecoveryCodeToggle({
  recovery,
  onChange,
}: {
  recovery: boolean;
  onChange: (recovery: boolean) => void;
}) {
  return (
    <Button variant="subtle" size="compact-sm" onClick={() => onChange(!recovery)}>
      {recovery ? "Use the authenticator app" : "Use a recovery code"}
    </Button>
  );
}
