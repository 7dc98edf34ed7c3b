import { type FormEvent, useState } from "react";

import type { AuthPort } from "./auth/port";
import { he } from "./i18n/he";

export function SignIn({ auth }: { auth: AuthPort }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailed(false);
    try {
      await auth.signIn(email.trim(), password);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="card form" onSubmit={submit}>
        <h1>{he.signIn.title}</h1>
        <label>
          {he.signIn.email}
          <input type="email" dir="ltr" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          {he.signIn.password}
          <input
            type="password"
            dir="ltr"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          {he.signIn.submit}
        </button>
        {failed && (
          <p role="alert" className="error">
            {he.signIn.failed}
          </p>
        )}
      </form>
    </main>
  );
}
