import "@fontsource/heebo/400.css";
import "@fontsource/heebo/500.css";
import "@fontsource/heebo/700.css";
import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";

import { App } from "./App";
import { firebaseEnv, firebaseServices } from "./auth/firebaseAuth";
import { hashRouteFor } from "./routes/pathToHash";

const bridged = hashRouteFor(window.location);
if (bridged) window.history.replaceState(null, "", bridged);

const { auth, live } = firebaseServices(firebaseEnv(import.meta.env));
const apiBase = import.meta.env.VITE_API_BASE || "http://127.0.0.1:8080/crm_api";

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    {/* Hash routes (#/leads/…): static hosting needs no rewrites and links stay shareable. */}
    <HashRouter>
      <App auth={auth} live={live} apiBase={apiBase} />
    </HashRouter>
  </StrictMode>,
);
