import { useEffect, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";

import { MANAGERS, OWNERS, type Role, hasRole, useSession } from "../auth/AuthContext";
import { heBilling } from "../i18n/billing";
import { he } from "../i18n/he";

/** Path, label, and who may open it (everyone when unset); the API enforces the same rule. */
const NAV: { to: string; label: string; roles?: readonly Role[] }[] = [
  { to: "/", label: he.nav.dashboard },
  { to: "/leads", label: he.nav.leads },
  { to: "/board", label: he.nav.board },
  { to: "/calendar", label: he.nav.calendar },
  { to: "/calls", label: he.nav.calls },
  { to: "/tasks", label: he.nav.tasks },
  { to: "/staff", label: he.nav.staff, roles: MANAGERS },
  { to: "/statuses", label: he.nav.statuses, roles: MANAGERS },
  { to: "/prompts", label: he.nav.prompts, roles: MANAGERS },
  { to: "/settings", label: he.nav.settings, roles: MANAGERS },
  { to: "/contracts", label: heBilling.nav.contracts, roles: MANAGERS },
  { to: "/billing", label: heBilling.nav.billing, roles: OWNERS },
];

/** The header wraps on a phone: the menu folds behind one button, sign-out stays reachable. */
export function Layout() {
  const { user, me, signOut, chooseBusiness } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  const links = NAV.filter((item) => !item.roles || hasRole(me, item.roles));
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        {he.nav.skip}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-1 md:px-5">
          <strong className="me-auto text-lg lg:me-0">{he.appName}</strong>
          <button
            type="button"
            className="btn lg:hidden"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true" className="text-xl leading-none">≡</span> {he.nav.menu}
          </button>
          <nav
            id="main-nav"
            aria-label={he.nav.label}
            className={`${open ? "flex" : "hidden"} w-full flex-col lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:flex-wrap`}
          >
            {links.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === "/"}
                className={({ isActive }) =>
                  `flex min-h-11 items-center rounded-md px-3 text-slate-800 no-underline hover:bg-slate-100 lg:px-2.5 ${
                    isActive ? "bg-blue-50 font-bold text-blue-800" : ""
                  }`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className={`${open ? "flex" : "hidden"} w-full flex-wrap items-center gap-2 lg:flex lg:w-auto`}>
            <span className="max-w-full truncate text-sm text-slate-600 lg:hidden 2xl:inline">
              <bdi>{user?.email}</bdi>
            </span>
            {me?.role === "superadmin" && (
              <button type="button" className="btn-link" onClick={() => chooseBusiness(null)}>
                {he.superadmin.switchBusiness} (<bdi>{me.business_id}</bdi>)
              </button>
            )}
            <button type="button" className="btn" onClick={signOut}>
              {he.nav.signOut}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-3 py-4 md:px-5">
        <Outlet />
      </main>
    </div>
  );
}
