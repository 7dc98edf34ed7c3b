import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

import { type Api, type Me, createApi } from "../api/client";
import { ApiContext } from "../context";
import { NO_LIVE, type LivePort } from "../live/port";
import type { AuthPort, StaffUser } from "./port";

export type Role = "owner" | "admin" | "agent" | "superadmin";
export const MANAGERS: readonly Role[] = ["owner", "admin", "superadmin"];
export const OWNERS: readonly Role[] = ["owner", "superadmin"];
const BUSINESS_KEY = "agentlocator.business";

export interface Session {
  /** undefined while Firebase restores the session, null when signed out. */
  user: StaffUser | null | undefined;
  /** Who the API says this is (role and business from the token's claims). */
  me: Me | null;
  meError: unknown;
  meLoading: boolean;
  api: Api;
  live: LivePort;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
  chooseBusiness: (businessId: string | null) => void;
}

const AuthContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(AuthContext);
  if (!session) throw new Error("useSession outside AuthProvider");
  return session;
}

export function useOptionalSession(): Session | null {
  return useContext(AuthContext);
}

export function hasRole(me: Me | null, allowed: readonly Role[]): boolean {
  return !!me && (allowed as readonly string[]).includes(me.role);
}

interface Props {
  auth: AuthPort;
  apiBase: string;
  live?: LivePort;
  /** Tests pass a fetch bound to their fake server; the browser's is used otherwise. */
  fetch?: typeof fetch;
  children: ReactNode;
}

export function AuthProvider({ auth, apiBase, live = NO_LIVE, fetch, children }: Props) {
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);
  const [businessId, setBusinessId] = useState<string | null>(() => sessionStorage.getItem(BUSINESS_KEY));
  const [me, setMe] = useState<{ data: Me | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  useEffect(() => auth.onChange(setUser), [auth]);
  const api = useMemo(
    () => createApi({ baseUrl: apiBase, getToken: () => auth.idToken(), fetch, businessId }),
    [auth, apiBase, fetch, businessId],
  );
  useEffect(() => {
    if (!user) {
      setMe({ data: null, error: null, loading: user === undefined });
      return;
    }
    let current = true;
    setMe({ data: null, error: null, loading: true });
    api.me().then(
      (data) => current && setMe({ data, error: null, loading: false }),
      (error: unknown) => current && setMe({ data: null, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [api, user]);

  const chooseBusiness = useCallback((id: string | null) => {
    if (id) sessionStorage.setItem(BUSINESS_KEY, id);
    else sessionStorage.removeItem(BUSINESS_KEY);
    setBusinessId(id);
  }, []);
  const session: Session = {
    user,
    me: me.data,
    meError: me.error,
    meLoading: me.loading,
    api,
    live,
    signIn: (email, password) => auth.signIn(email, password),
    signOut: () => void auth.signOut(),
    chooseBusiness,
  };
  return (
    <AuthContext.Provider value={session}>
      <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
    </AuthContext.Provider>
  );
}
