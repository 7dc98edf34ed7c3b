import type { Status } from "../api/client";

export function StatusBadge({ status }: { status: Status | undefined }) {
  if (!status) return null;
  return (
    <span className="badge" style={{ borderColor: status.color, color: status.color }}>
      {status.label}
    </span>
  );
}
