import { ApiError } from "../api/client";
import { he } from "../i18n/he";

/** The API's own Hebrew sentence when it sent one, a generic one otherwise. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.messageHe) return error.messageHe;
  return he.common.unknownError;
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {errorText(error)}
    </p>
  );
}

export function Loading() {
  return (
    <p role="status" className="muted">
      {he.common.loading}
    </p>
  );
}
