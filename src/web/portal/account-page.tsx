import { AccountSettings } from "../components/account-settings.tsx";
import { usePatientUser } from "./layout.tsx";

export function PortalAccountPage() {
  return <AccountSettings user={usePatientUser()} />;
}
