import { useState } from "react";
import { Navigate, Outlet, useLocation } from "react-router";

import { ApiError } from "../api/client";
import { type Role, hasRole, useSession } from "../auth/AuthContext";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { heBilling } from "../i18n/billing";
import { he } from "../i18n/he";

/** Signed in with a role in a business, or off to the sign-in page (and back here after). */
export function AuthGuard() {
  const { user, me, meError, meLoading, signOut, chooseBusiness } = useSession();
  const location = useLocation();
  if (user === undefined || (user && meLoading)) return <Loading />;
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
  }
  if (!me) {
    const noRole = meError instanceof ApiError && meError.status === 403;
    const needsBusiness = meError instanceof ApiError && meError.body?.field === "X-Business-Id";
    if (needsBusiness) return <BusinessPicker onChoose={chooseBusiness} onSignOut={signOut} />;
    return (
      <main className="grid min-h-[80vh] place-items-center p-4">
        <div className="card grid gap-3">
          {noRole ? <p role="alert">{he.signIn.noRole}</p> : <ErrorNote error={meError} />}
          {noRole && (
            <a className="btn btn-primary" href="#/signup">
              {heBilling.signup.newOffice}
            </a>
          )}
          <button type="button" className="btn" onClick={signOut}>
            {he.nav.signOut}
          </button>
        </div>
      </main>
    );
  }
  return <Outlet />;
}

/** Signed in with Firebase, whether or not a business has this person yet (sign-up). */
export function SignedInGuard() {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <Outlet />;
}

/** Pages only some roles may open; the API enforces the same rule. */
export function RoleGuard({ allow }: { allow: readonly Role[] }) {
  const { me } = useSession();
  if (!hasRole(me, allow)) return <Forbidden />;
  return <Outlet />;
}

export function Forbidden() {
  return (
    <section className="grid gap-3">
      <h1>{he.errors.forbiddenTitle}</h1>
      <p>{he.errors.forbidden}</p>
      <p>
        <a href="#/">{he.errors.home}</a>
      </p>
    </section>
  );
}

export function NotFound() {
  return (
    <section className="grid gap-3">
      <h1>{he.errors.notFoundTitle}</h1>
      <p>{he.errors.notFound}</p>
      <p>
        <a href="#/">{he.errors.home}</a>
      </p>
    </section>
  );
}

/** A platform superadmin works inside one business at a time, chosen by its id. */
function BusinessPicker({ onChoose, onSignOut }: { onChoose: (id: string) => void; onSignOut: () => void }) {
  const [id, setId] = useState("");
  return (
    <main className="grid min-h-[80vh] place-items-center p-4">
      <form className="card grid w-full max-w-sm gap-3" onSubmit={(e) => (e.preventDefault(), id.trim() && onChoose(id.trim()))}>
        <h1>{he.superadmin.title}</h1>
        <label className="field">
          <span>{he.superadmin.businessId}</span>
          <input dir="ltr" value={id} onChange={(e) => setId(e.target.value)} required />
        </label>
        <button type="submit" className="btn btn-primary">
          {he.superadmin.open}
        </button>
        <button type="button" className="btn-link" onClick={onSignOut}>
          {he.nav.signOut}
        </button>
      </form>
    </main>
  );
}
