import { useEffect, useRef } from "react";

import { useOptionalSession } from "../auth/AuthContext";
import { NO_LIVE } from "./port";
import type { LiveTopic } from "./port";

/** Runs `onChange` (debounced) whenever the watched collection of this business changes. */
export function useLive(topic: LiveTopic | null, onChange: () => void): void {
  // Outside a signed-in session (component tests) nothing is watched.
  const session = useOptionalSession();
  const live = session?.live ?? NO_LIVE;
  const me = session?.me ?? null;
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = topic ? JSON.stringify(topic) : "";
  const businessId = me?.business_id ?? "";
  useEffect(() => {
    if (!topic || !businessId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = live.watch(businessId, topic, () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), 150);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
    // `topic` is a new object each render: its JSON says when it really changed.
  }, [live, businessId, key]);
}
