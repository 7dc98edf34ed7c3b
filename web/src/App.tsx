import { Navigate, Route, Routes } from "react-router";

import { AuthProvider, MANAGERS, OWNERS } from "./auth/AuthContext";
import type { AuthPort } from "./auth/port";
import { Layout } from "./components/Layout";
import type { LivePort } from "./live/port";
import { BillingPage } from "./pages/BillingPage";
import { BoardPage } from "./pages/BoardPage";
import { CardChangeReturnPage } from "./pages/CardChangeReturnPage";
import { CalendarPage } from "./pages/CalendarPage";
import { CallPage, CallsPage } from "./pages/CallsPage";
import { ContractsPage } from "./pages/ContractsPage";
import { DashboardPage } from "./pages/DashboardPage";
import { ImportPage } from "./pages/ImportPage";
import { LeadNewPage } from "./pages/LeadNewPage";
import { LeadPage } from "./pages/LeadPage";
import { LeadsPage } from "./pages/LeadsPage";
import { PromptsPage } from "./pages/PromptsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { SignPage } from "./pages/SignPage";
import { SignupPage } from "./pages/SignupPage";
import { StaffPage } from "./pages/StaffPage";
import { StatusesPage } from "./pages/StatusesPage";
import { TasksPage } from "./pages/TasksPage";
import { AuthGuard, NotFound, RoleGuard, SignedInGuard } from "./routes/guards";
import { SignIn } from "./SignIn";

export interface AppProps {
  auth: AuthPort;
  apiBase: string;
  live?: LivePort;
  /** Tests pass a fetch bound to their fake server; the browser's is used otherwise. */
  fetch?: typeof fetch;
}

export function App({ auth, apiBase, live, fetch }: AppProps) {
  return (
    <AuthProvider auth={auth} apiBase={apiBase} live={live} fetch={fetch}>
      <AppRoutes />
    </AuthProvider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      {/* Public: the signing link itself authorizes. */}
      <Route path="/sign/:token" element={<SignPage />} />
      {/* Signed in but possibly no business yet: a new office signs up (PayPal returns here too). */}
      <Route element={<SignedInGuard />}>
        <Route path="/signup" element={<SignupPage />} />
        <Route path="/signup/payment" element={<SignupPage />} />
        <Route path="/billing/paypal/return" element={<SignupPage />} />
      </Route>
      <Route element={<AuthGuard />}>
        <Route element={<Layout />}>
          <Route index element={<DashboardPage />} />
          <Route path="leads" element={<LeadsPage />} />
          <Route path="leads/new" element={<LeadNewPage />} />
          <Route path="leads/import" element={<ImportPage />} />
          <Route path="leads/:leadId" element={<LeadPage />} />
          <Route path="board" element={<BoardPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="appointments" element={<Navigate to="/calendar?view=week" replace />} />
          <Route path="calls" element={<CallsPage />} />
          <Route path="calls/:callSid" element={<CallPage />} />
          <Route path="tasks" element={<TasksPage />} />
          <Route element={<RoleGuard allow={MANAGERS} />}>
            <Route path="staff" element={<StaffPage />} />
            <Route path="statuses" element={<StatusesPage />} />
            <Route path="prompts" element={<PromptsPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="contracts" element={<ContractsPage />} />
          </Route>
          <Route element={<RoleGuard allow={OWNERS} />}>
            <Route path="billing" element={<BillingPage />} />
            {/* PayPal sends the owner back here after approving (or leaving) the change of card. */}
            <Route path="billing/payment-method/return" element={<CardChangeReturnPage />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
