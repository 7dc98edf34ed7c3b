import { render } from "@testing-library/react";
import type { ReactElement } from "react";

import { createApi } from "../src/api/client";
import { ApiContext } from "../src/context";
import { BASE, FakeCrm, TOKEN } from "./fakeCrm";

/** Renders a page with the real API client talking to a fresh fake CRM. */
export function renderWithApi(ui: ReactElement, crm = new FakeCrm(), token = TOKEN) {
  const api = createApi({ baseUrl: BASE, getToken: async () => token, fetch: crm.fetch });
  return { crm, ...render(<ApiContext.Provider value={api}>{ui}</ApiContext.Provider>) };
}
