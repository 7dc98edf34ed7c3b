import type { FirebaseApp } from "firebase/app";
import type { Firestore, Query } from "firebase/firestore";

import type { LivePort, LiveTopic } from "./port";

type FirestoreModule = typeof import("firebase/firestore");

/**
 * Firestore listeners (firestore.rules admit staff of the business in their token's claims).
 * The Firestore SDK is loaded on the first watch, in its own chunk: the first paint does not wait for it.
 */
export function firestoreLive(app: FirebaseApp, emulatorHost?: string): LivePort {
  let loading: Promise<{ fs: FirestoreModule; db: Firestore }> | null = null;
  const database = () =>
    (loading ??= import("firebase/firestore").then((fs) => {
      const db = fs.getFirestore(app);
      if (emulatorHost) {
        const [host = "127.0.0.1", port = "8383"] = emulatorHost.split(":");
        fs.connectFirestoreEmulator(db, host, Number(port));
      }
      return { fs, db };
    }));
  return {
    watch(businessId, topic, onChange) {
      let stop: (() => void) | null = null;
      let cancelled = false;
      void database().then(({ fs, db }) => {
        if (cancelled) return;
        let first = true;
        stop = fs.onSnapshot(
          queryOf(fs, db, businessId, topic),
          () => {
            if (first) first = false;
            else onChange();
          },
          // Refused or offline: the screen keeps what it read through the API.
          (error) => console.warn("live updates unavailable:", topic.kind, error.code),
        );
      });
      return () => {
        cancelled = true;
        stop?.();
      };
    },
  };
}

function queryOf(fs: FirestoreModule, db: Firestore, businessId: string, topic: LiveTopic): Query {
  const { collection, limit, orderBy, query, where } = fs;
  const business = ["businesses", businessId] as const;
  switch (topic.kind) {
    case "leads":
      return query(collection(db, ...business, "leads"), orderBy("updated_at", "desc"), limit(5));
    case "messages":
      return query(
        collection(db, ...business, "leads", topic.leadId, "messages"),
        orderBy("created_at", "desc"),
        limit(5),
      );
    case "notes":
      return query(
        collection(db, ...business, "leads", topic.leadId, "notes"),
        orderBy("created_at", "desc"),
        limit(5),
      );
    case "calls":
      return query(
        collection(db, "calls"),
        where("business_id", "==", businessId),
        orderBy("started_at", "desc"),
        limit(20),
      );
    case "tasks":
      return query(collection(db, ...business, "tasks"), orderBy("updated_at", "desc"), limit(5));
    case "appointments":
      return query(collection(db, ...business, "appointments"), orderBy("updated_at", "desc"), limit(5));
  }
}
