import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { firebaseAuth, firebaseEnv } from "./auth/firebaseAuth";
import "./styles.css";

const auth = firebaseAuth(firebaseEnv(import.meta.env));
const apiBase = import.meta.env.VITE_API_BASE || "http://127.0.0.1:8080/crm_api";

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App auth={auth} apiBase={apiBase} />
  </StrictMode>,
);
