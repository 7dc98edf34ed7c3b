import { useEffect, useRef } from "react";

import { useSession } from "../auth/AuthContext";
import type { LiveTopic } from "./port";

/** Runs `onChange` (debounced) whenever the watched collection of this business changes. */
export function useLive(topic: LiveTopic | null, onChange: () => void): void {
  const { live, me } = useSession();
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
