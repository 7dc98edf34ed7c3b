/**
 * "Something changed": the screens re-read through the API when a watched collection changes,
 * so the API stays the one source of shapes and rules; Firestore listeners only signal.
 */
export type LiveTopic =
  | { kind: "leads" }
  | { kind: "messages"; leadId: string }
  | { kind: "notes"; leadId: string }
  | { kind: "calls" }
  | { kind: "tasks" }
  | { kind: "appointments" };

export interface LivePort {
  /** Calls `onChange` after each change past the first snapshot; returns the unsubscribe function. */
  watch(businessId: string, topic: LiveTopic, onChange: () => void): () => void;
}

export const NO_LIVE: LivePort = { watch: () => () => undefined };
