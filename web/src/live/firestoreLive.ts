import type { FirebaseApp } from "firebase/app";
import {
  type Firestore,
  type Query,
  collection,
  connectFirestoreEmulator,
  getFirestore,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
} from "firebase/firestore";

import type { LivePort, LiveTopic } from "./port";

/** Firestore listeners (firestore.rules admit staff of the business in their token's claims). */
export function firestoreLive(app: FirebaseApp, emulatorHost?: string): LivePort {
  let db: Firestore | null = null;
  const database = () => {
    if (!db) {
      db = getFirestore(app);
      if (emulatorHost) {
        const [host = "127.0.0.1", port = "8383"] = emulatorHost.split(":");
        connectFirestoreEmulator(db, host, Number(port));
      }
    }
    return db;
  };
  return {
    watch(businessId, topic, onChange) {
      let first = true;
      return onSnapshot(
        queryOf(database(), businessId, topic),
        () => {
          if (first) first = false;
          else onChange();
        },
        // Refused or offline: the screen keeps what it read through the API.
        (error) => console.warn("live updates unavailable:", topic.kind, error.code),
      );
    },
  };
}

function queryOf(db: Firestore, businessId: string, topic: LiveTopic): Query {
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
