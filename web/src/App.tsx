import { useEffect, useMemo, useState } from "react";

import { ApiError, type Me, createApi } from "./api/client";
import type { AuthPort, StaffUser } from "./auth/port";
import { ErrorNote } from "./components/ErrorNote";
import { ApiContext, useApi } from "./context";
import { parseIsoDate } from "./format";
import { he } from "./i18n/he";
import { AppointmentsPage } from "./pages/AppointmentsPage";
import { CallPage, CallsPage } from "./pages/CallsPage";
import { LeadPage } from "./pages/LeadPage";
import { LeadsPage } from "./pages/LeadsPage";
import { PromptsPage } from "./pages/PromptsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { StatusesPage } from "./pages/StatusesPage";
import { href, type Location, matchPath, useLocation } from "./router";
import { SignIn } from "./SignIn";
import { useAsync } from "./useAsync";

export interface AppProps {
  auth: AuthPort;
  apiBase: string;
  /** Tests pass a fetch bound to their fake server; the browser's is used otherwise. */
  fetch?: typeof fetch;
}

export function App({ auth, apiBase, fetch }: AppProps) {
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);
  const [businessId, setBusinessId] = useState<string | null>(() => sessionStorage.getItem(BUSINESS_KEY));
  useEffect(() => auth.onChange(setUser), [auth]);
  const api = useMemo(
    () => createApi({ baseUrl: apiBase, getToken: () => auth.idToken(), fetch, businessId }),
    [auth, apiBase, fetch, businessId],
  );
  const chooseBusiness = (id: string | null) => {
    if (id) sessionStorage.setItem(BUSINESS_KEY, id);
    else sessionStorage.removeItem(BUSINESS_KEY);
    setBusinessId(id);
  };

  if (user === undefined) return <p>{he.common.loading}</p>;
  if (user === null) return <SignIn auth={auth} />;
  return (
    <ApiContext.Provider value={api}>
      <Shell user={user} onSignOut={() => void auth.signOut()} onChooseBusiness={chooseBusiness} />
    </ApiContext.Provider>
  );
}

/** Path, label, and whether only managers (owner, admin) may open it: the API enforces it too. */
const NAV: [string, string, boolean][] = [
  ["/leads", he.nav.leads, false],
  ["/calls", he.nav.calls, false],
  ["/appointments", he.nav.appointments, false],
  ["/statuses", he.nav.statuses, true],
  ["/prompts", he.nav.prompts, true],
  ["/settings", he.nav.settings, true],
];
const MANAGERS = new Set(["owner", "admin", "superadmin"]);
const BUSINESS_KEY = "agentlocator.business";

interface ShellProps {
  user: StaffUser;
  onSignOut: () => void;
  onChooseBusiness: (businessId: string | null) => void;
}

function Shell({ user, onSignOut, onChooseBusiness }: ShellProps) {
  const location = useLocation();
  const api = useApi();
  const me = useAsync<Me>(() => api.me(), [api, user.uid]);
  if (me.loading) return <p>{he.common.loading}</p>;
  if (!me.data) {
    const noRole = me.error instanceof ApiError && me.error.status === 403;
    const needsBusiness = me.error instanceof ApiError && me.error.body?.field === "X-Business-Id";
    if (needsBusiness) return <BusinessPicker onChoose={onChooseBusiness} onSignOut={onSignOut} />;
    return (
      <main className="sign-in">
        <div className="card">
          {noRole ? <p role="alert">{he.signIn.noRole}</p> : <ErrorNote error={me.error} />}
          <button type="button" onClick={onSignOut}>
            {he.nav.signOut}
          </button>
        </div>
      </main>
    );
  }
  const manager = MANAGERS.has(me.data.role);
  return (
    <div className="shell">
      <header>
        <strong>{he.appName}</strong>
        <nav>
          {NAV.filter(([, , managersOnly]) => manager || !managersOnly).map(([path, label]) => (
            <a key={path} href={href(path)} aria-current={location.path.startsWith(path) ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span className="muted">
          <bdi>{user.email}</bdi>
        </span>
        {me.data.role === "superadmin" && (
          <button type="button" className="link" onClick={() => onChooseBusiness(null)}>
            {he.superadmin.switchBusiness} (<bdi>{me.data.business_id}</bdi>)
          </button>
        )}
        <button type="button" className="link" onClick={onSignOut}>
          {he.nav.signOut}
        </button>
      </header>
      <main>
        <Page location={location} />
      </main>
    </div>
  );
}

function Page({ location }: { location: Location }) {
  const { path, query } = location;
  let params: Record<string, string> | null;
  if ((params = matchPath("/leads/:id", path))) return <LeadPage key={params.id} leadId={params.id ?? ""} />;
  if ((params = matchPath("/calls/:sid", path))) return <CallPage callSid={params.sid ?? ""} />;
  if (path === "/calls") return <CallsPage />;
  if (path === "/appointments") return <AppointmentsPage week={parseIsoDate(query.get("week"))} />;
  if (path === "/statuses") return <StatusesPage />;
  if (path === "/prompts") return <PromptsPage />;
  if (path === "/settings") return <SettingsPage />;
  return <LeadsPage />;
}

/** A platform superadmin works inside one business at a time, chosen by its id. */
function BusinessPicker({ onChoose, onSignOut }: { onChoose: (id: string) => void; onSignOut: () => void }) {
  const [id, setId] = useState("");
  return (
    <main className="sign-in">
      <form className="card form" onSubmit={(e) => (e.preventDefault(), id.trim() && onChoose(id.trim()))}>
        <h1>{he.superadmin.title}</h1>
        <label>
          {he.superadmin.businessId}
          <input dir="ltr" value={id} onChange={(e) => setId(e.target.value)} required />
        </label>
        <button type="submit">{he.superadmin.open}</button>
        <button type="button" className="link" onClick={onSignOut}>
          {he.nav.signOut}
        </button>
      </form>
    </main>
  );
}
