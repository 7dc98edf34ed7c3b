/** What the app needs from sign-in; Firebase Auth implements it (firebaseAuth.ts). */
export interface StaffUser {
  uid: string;
  email: string | null;
}

export interface AuthPort {
  /** Calls back now and on every sign-in/out; returns the unsubscribe function. */
  onChange(listener: (user: StaffUser | null) => void): () => void;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The current user's ID token (refreshed by the SDK when it nears expiry). */
  idToken(): Promise<string | null>;
}
