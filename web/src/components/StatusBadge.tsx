import type { Status } from "../api/client";
import { readableOn } from "../format";

/** The status's own colour, darkened when needed so the label passes WCAG AA (4.5:1) on white. */
export function StatusBadge({ status }: { status: Status | undefined }) {
  if (!status) return null;
  const color = readableOn(status.color);
  return (
    <span className="badge bg-white" style={{ borderColor: color, color }}>
      {status.label}
    </span>
  );
}
