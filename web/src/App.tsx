import { Navigate, Route, Routes } from "react-router";

import { AuthProvider, MANAGERS } from "./auth/AuthContext";
import type { AuthPort } from "./auth/port";
import { Layout } from "./components/Layout";
import type { LivePort } from "./live/port";
import { BoardPage } from "./pages/BoardPage";
import { CalendarPage } from "./pages/CalendarPage";
import { CallPage, CallsPage } from "./pages/CallsPage";
import { DashboardPage } from "./pages/DashboardPage";
import { ImportPage } from "./pages/ImportPage";
import { LeadNewPage } from "./pages/LeadNewPage";
import { LeadPage } from "./pages/LeadPage";
import { LeadsPage } from "./pages/LeadsPage";
import { PromptsPage } from "./pages/PromptsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { StaffPage } from "./pages/StaffPage";
import { StatusesPage } from "./pages/StatusesPage";
import { TasksPage } from "./pages/TasksPage";
import { AuthGuard, NotFound, RoleGuard } from "./routes/guards";
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
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
