import { type ReactNode, useId } from "react";

import { ApiError } from "../api/client";

/** A labelled control with its Hebrew error right under it (announced, and tied by aria-describedby). */
export function Field(props: {
  label: string;
  error?: string | null;
  hint?: string;
  className?: string;
  children: (control: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [props.error ? errorId : "", props.hint ? hintId : ""].filter(Boolean).join(" ");
  return (
    <div className={`field ${props.className ?? ""}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {props.label}
      </label>
      {props.children({ id, "aria-invalid": !!props.error, "aria-describedby": described || undefined })}
      {props.hint && (
        <span id={hintId} className="text-sm text-slate-600">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={errorId} role="alert" className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** The API's Hebrew sentence when it names this field (400 `field`), else null. */
export function apiFieldError(error: unknown, ...fields: string[]): string | null {
  if (!(error instanceof ApiError) || !error.body?.field) return null;
  return fields.includes(error.body.field) ? (error.messageHe ?? null) : null;
}
