import type { ReactNode } from "react";

/** Numbers, phones and times inside Hebrew text: isolated and left-to-right. */
export function Ltr({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <bdi dir="ltr" className={className}>
      {children}
    </bdi>
  );
}
