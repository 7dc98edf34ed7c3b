import { type FormEvent, useState } from "react";
import { Navigate, useSearchParams } from "react-router";

import { useSession } from "./auth/AuthContext";
import { Loading } from "./components/ErrorNote";
import { he } from "./i18n/he";

export function SignIn() {
  const { user, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  if (user === undefined) return <Loading />;
  if (user) {
    const next = params.get("next") ?? "/";
    return <Navigate to={next.startsWith("/") && !next.startsWith("//") ? next : "/"} replace />;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailed(false);
    try {
      await signIn(email.trim(), password);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="grid min-h-[80vh] place-items-center p-4">
      <form className="card grid w-full max-w-sm gap-4" onSubmit={submit}>
        <h1>{he.signIn.title}</h1>
        <p className="muted">{he.appName}</p>
        <label className="field">
          <span>{he.signIn.email}</span>
          <input type="email" dir="ltr" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          <span>{he.signIn.password}</span>
          <input
            type="password"
            dir="ltr"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
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
