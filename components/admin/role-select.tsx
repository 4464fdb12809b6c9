import type { SelectHTMLAttributes } from "react";
import { userRoles, type UserRole } from "@/lib/contracts";
import { Select } from "@/components/ui/field";

/** A select of the roles a user or an API token can have. */
export function RoleSelect({
  value,
  onRoleChange,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> & { value: UserRole; onRoleChange: (role: UserRole) => void }) {
  return (
    <Select value={value} onChange={(e) => onRoleChange(e.target.value as UserRole)} {...props}>
      {userRoles.map((r) => (
        <option key={r}>{r}</option>
      ))}
    </Select>
  );
}
