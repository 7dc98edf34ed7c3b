import { type FirebaseApp, initializeApp } from "firebase/app";
import {
  connectAuthEmulator,
  getAuth,
  onAuthStateChanged,
  signInWithEmailAndPassword,
  signOut,
} from "firebase/auth";

import { firestoreLive } from "../live/firestoreLive";
import type { LivePort } from "../live/port";
import type { AuthPort } from "./port";

export interface FirebaseEnv {
  apiKey: string;
  authDomain?: string;
  projectId: string;
  /** "127.0.0.1:9099" locally: then tokens come from the Auth emulator. */
  emulatorHost?: string;
  /** "127.0.0.1:8383" locally: then the live listeners read the Firestore emulator. */
  firestoreEmulatorHost?: string;
}

export function firebaseEnv(env: ImportMetaEnv): FirebaseEnv {
  return {
    // The emulator accepts any key; a real project sets these at build time.
    apiKey: env.VITE_FIREBASE_API_KEY || "demo-key",
    authDomain: env.VITE_FIREBASE_AUTH_DOMAIN || undefined,
    projectId: env.VITE_FIREBASE_PROJECT_ID || "demo-agentlocator",
    emulatorHost: env.VITE_AUTH_EMULATOR_HOST || undefined,
    firestoreEmulatorHost: env.VITE_FIRESTORE_EMULATOR_HOST || undefined,
  };
}

/** Sign-in and live listeners share one Firebase app: Firestore sends the signed-in user's token. */
export function firebaseServices(config: FirebaseEnv): { auth: AuthPort; live: LivePort } {
  const app = initializeApp({ apiKey: config.apiKey, authDomain: config.authDomain, projectId: config.projectId });
  return { auth: authOf(app, config), live: firestoreLive(app, config.firestoreEmulatorHost) };
}

export function firebaseAuth(config: FirebaseEnv): AuthPort {
  const app = initializeApp(
    { apiKey: config.apiKey, authDomain: config.authDomain, projectId: config.projectId },
    `auth-${Math.random().toString(36).slice(2)}`,
  );
  return authOf(app, config);
}

function authOf(app: FirebaseApp, config: FirebaseEnv): AuthPort {
  const auth = getAuth(app);
  if (config.emulatorHost) {
    connectAuthEmulator(auth, `http://${config.emulatorHost}`, { disableWarnings: true });
  }
  return {
    onChange: (listener) =>
      onAuthStateChanged(auth, (user) => listener(user ? { uid: user.uid, email: user.email } : null)),
    signIn: async (email, password) => {
      await signInWithEmailAndPassword(auth, email, password);
    },
    signOut: () => signOut(auth),
    idToken: async () => (auth.currentUser ? auth.currentUser.getIdToken() : null),
  };
}
