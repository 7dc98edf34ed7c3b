/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** CRM API base, e.g. http://127.0.0.1:8080/crm_api (no trailing slash needed). */
  readonly VITE_API_BASE?: string;
  /** host:port of the Firebase Auth emulator; when set the app signs in against it. */
  readonly VITE_AUTH_EMULATOR_HOST?: string;
  /** host:port of the Firestore emulator; when set the live listeners use it. */
  readonly VITE_FIRESTORE_EMULATOR_HOST?: string;
  readonly VITE_FIREBASE_API_KEY?: string;
  readonly VITE_FIREBASE_AUTH_DOMAIN?: string;
  readonly VITE_FIREBASE_PROJECT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
