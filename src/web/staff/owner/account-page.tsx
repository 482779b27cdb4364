import { AccountSettings } from "../../components/account-settings.tsx";
import { useStaffUser } from "../layout.tsx";

export function StaffAccountPage() {
  return <AccountSettings user={useStaffUser()} />;
}
