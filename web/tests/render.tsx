import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { HashRouter, Route, Routes } from "react-router";

import { createApi } from "../src/api/client";
import { ApiContext } from "../src/context";
import { BASE, FakeCrm, TOKEN } from "./fakeCrm";

/** Renders a page with the real API client talking to a fresh fake CRM, at `route` (path pattern `path`), under the app's hash router. */
export function renderWithApi(ui: ReactElement, crm = new FakeCrm(), token = TOKEN, route = "/", path = "*") {
  const api = createApi({ baseUrl: BASE, getToken: async () => token, fetch: crm.fetch });
  // The app's own router kind (hash routes); a test that set the address itself keeps it.
  if (route !== "/" || !window.location.hash) window.location.hash = `#${route}`;
  return {
    crm,
    ...render(
      <ApiContext.Provider value={api}>
        <HashRouter>
          <Routes>
            <Route path={path} element={ui} />
          </Routes>
        </HashRouter>
      </ApiContext.Provider>,
    ),
  };
}
