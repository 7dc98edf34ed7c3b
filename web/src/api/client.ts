/**
 * Typed client of the CRM API (`crm_api`). Shapes come from `schema.d.ts`, generated from
 * docs/openapi.json by `npm run gen:api`; this file only maps endpoints to functions.
 */
import type { components, operations } from "./schema";

type Schemas = components["schemas"];
export type Lead = Schemas["LeadOut"];
export type LeadPage = Schemas["LeadPageOut"];
export type LeadUpdate = Schemas["LeadUpdate"];
export type Timeline = Schemas["TimelineOut"];
export type TimelineItem = Schemas["TimelineItem"];
export type Status = Schemas["StatusOut"];
export type Appointment = Schemas["AppointmentOut"];
export type Call = Schemas["CallOut"];
export type CallPage = Schemas["CallPageOut"];
export type CallDetail = Schemas["CallDetailOut"];
export type Settings = Schemas["SettingsOut"];
export type SettingsUpdate = Schemas["SettingsUpdate"];
export type HoursRange = Schemas["HoursRange"];
export type Prompt = Schemas["PromptOut"];
export type PromptList = Schemas["PromptListOut"];
export type PromptDiff = Schemas["PromptDiffOut"];
export type Me = Schemas["Me"];
export type ApiErrorBody = Schemas["ErrorOut"];
export type Deleted = Schemas["Deleted"];
export type LeadCreate = Schemas["LeadCreate"];
export type Dashboard = Schemas["DashboardOut"];
export type Task = Schemas["TaskOut"];
export type TaskCreate = Schemas["TaskCreate"];
export type TaskUpdate = Schemas["TaskUpdate"];
export type TaskState = NonNullable<QueryOf<"list_tasks">["state"]>;
export type Note = Schemas["NoteOut"];
export type ImportPreview = Schemas["ImportPreviewOut"];
export type ImportResult = Schemas["ImportResultOut"];
export type ImportRow = Schemas["ImportRowOut"];
export type ExportQuery = QueryOf<"export_leads">;
export type AppointmentMove = Schemas["AppointmentMove"];
export type AppointmentCreate = Schemas["AppointmentCreate"];
export type Agent = Schemas["AgentOut"];
export type StaffMember = Schemas["UserOut"];
export type StaffRole = Schemas["UserCreate"]["role"];
export type Plan = Schemas["PlanOut"];
export type SignupIn = Schemas["SignupIn"];
export type Signup = Schemas["SignupOut"];
export type ServiceContract = Schemas["ContractOut"];
export type SignatureIn = Schemas["SignIn"];
export type PaymentProvider = Schemas["PaymentIn"]["provider"];
export type Billing = Schemas["BillingOut"];
export type PaymentMethodChange = Schemas["PaymentMethodOut"];
export type HostedFields = Schemas["HostedFieldsOut"];
export type PaymentMethodConfirm = Schemas["PaymentMethodConfirmIn"];
export type Invoice = Schemas["InvoiceOut"];
export type BrokerageIn = Schemas["BrokerageIn"];
export type DealType = BrokerageIn["deal_type"];
export type OfficeContract = Schemas["OfficeContractOut"];
export type ContractSent = Schemas["ContractSentOut"];
export type SigningPage = Schemas["SigningPageOut"];
export type ContractStatus = OfficeContract["status"];
export type ContractPage = Schemas["OfficeContractListOut"];
export type TemplateIn = Schemas["TemplateIn"];
export type ContractTemplate = Schemas["TemplateOut"];
export type TemplatePage = Schemas["TemplatePageOut"];
export type TemplateVersion = Schemas["TemplateVersionOut"];
export type ContractSettings = Schemas["ContractSettingsOut"];
export type PublicSignIn = Schemas["PublicSignIn"];

type QueryOf<Op extends keyof operations> = operations[Op] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
export type LeadQuery = QueryOf<"list_leads">;
export type LeadSort = NonNullable<LeadQuery["sort"]>;
export type SortOrder = NonNullable<LeadQuery["order"]>;
export type PromptChannel = Prompt["channel"];

/** A refusal from the API; `messageHe` is the sentence to show (the API writes it). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = "ApiError";
  }

  get messageHe(): string | null {
    return this.body?.message_he ?? null;
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** A fresh Firebase ID token for each request (the SDK refreshes it when it expires). */
  getToken: () => Promise<string | null>;
  fetch?: typeof fetch;
  /** A platform superadmin's chosen business (sent as X-Business-Id; the API ignores it for others). */
  businessId?: string | null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function createApi(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = await options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.businessId) headers["X-Business-Id"] = options.businessId;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await doFetch(url.toString(), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, isErrorBody(data) ? data : null);
    return data as T;
  }

  /** A PDF the API sends (a template's preview), as a Blob. */
  async function pdf(path: string): Promise<Blob> {
    const headers: Record<string, string> = { Accept: "application/pdf" };
    const token = await options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.businessId) headers["X-Business-Id"] = options.businessId;
    const response = await doFetch(base + path, { method: "GET", headers });
    if (!response.ok) {
      const text = await response.text();
      const data: unknown = text ? JSON.parse(text) : null;
      throw new ApiError(response.status, isErrorBody(data) ? data : null);
    }
    return new Blob([await response.arrayBuffer()], { type: "application/pdf" });
  }

  /** A non-JSON answer (the CSV export): its text and the file name the API suggests. */
  async function download(path: string, query?: Query): Promise<{ text: string; filename: string }> {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: "text/csv" };
    const token = await options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.businessId) headers["X-Business-Id"] = options.businessId;
    const response = await doFetch(url.toString(), { method: "GET", headers });
    const text = await response.text();
    if (!response.ok) {
      const data: unknown = text ? JSON.parse(text) : null;
      throw new ApiError(response.status, isErrorBody(data) ? data : null);
    }
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "leads.csv";
    return { text, filename };
  }

  const id = encodeURIComponent;
  return {
    me: () => call<Me>("GET", "/me"),
    settings: () => call<Settings>("GET", "/settings"),
    updateSettings: (changes: SettingsUpdate) => call<Settings>("PATCH", "/settings", undefined, changes),

    leads: (query: LeadQuery) => call<LeadPage>("GET", "/leads", query),
    createLead: (lead: LeadCreate) => call<Lead>("POST", "/leads", undefined, lead),
    lead: (leadId: string) => call<Lead>("GET", `/leads/${id(leadId)}`),
    updateLead: (leadId: string, changes: LeadUpdate) =>
      call<Lead>("PATCH", `/leads/${id(leadId)}`, undefined, changes),
    timeline: (leadId: string, cursor?: string | null, limit = 200) =>
      call<Timeline>("GET", `/leads/${id(leadId)}/timeline`, { cursor, limit }),
    addNote: (leadId: string, text: string) => call<Note>("POST", `/leads/${id(leadId)}/notes`, undefined, { text }),
    mergeLead: (keepId: string, duplicateId: string) =>
      call<Lead>("POST", `/leads/${id(keepId)}/merge`, undefined, { duplicate_id: duplicateId }),
    exportLeads: (query: ExportQuery) => download("/leads/export", query),
    previewImport: (csv: string, updateExisting = false) =>
      call<ImportPreview>("POST", "/leads/import/preview", undefined, { csv, update_existing: updateExisting }),
    importLeads: (csv: string, updateExisting = false) =>
      call<ImportResult>("POST", "/leads/import", undefined, { csv, update_existing: updateExisting }),
    dashboard: (day?: string, days?: number) => call<Dashboard>("GET", "/dashboard", { day, days }),

    tasks: (query: QueryOf<"list_tasks"> = {}) => call<Schemas["TaskPageOut"]>("GET", "/tasks", query),
    createTask: (task: TaskCreate) => call<Task>("POST", "/tasks", undefined, task),
    updateTask: (taskId: string, changes: TaskUpdate) => call<Task>("PATCH", `/tasks/${id(taskId)}`, undefined, changes),
    deleteTask: (taskId: string) => call<Deleted>("DELETE", `/tasks/${id(taskId)}`),

    calls: (cursor?: string | null, limit = 25) => call<CallPage>("GET", "/calls", { cursor, limit }),
    call: (callSid: string) => call<CallDetail>("GET", `/calls/${id(callSid)}`),
    recordingLink: (callSid: string) => call<Schemas["RecordingLinkOut"]>("GET", `/calls/${id(callSid)}/recording`),

    statuses: () => call<Schemas["StatusListOut"]>("GET", "/statuses"),
    createStatus: (label: string) => call<Status>("POST", "/statuses", undefined, { label }),
    renameStatus: (statusId: string, label: string) =>
      call<Status>("PATCH", `/statuses/${id(statusId)}`, undefined, { label }),
    reorderStatuses: (ids: string[]) =>
      call<Schemas["StatusListOut"]>("PUT", "/statuses/order", undefined, { ids }),
    deleteStatus: (statusId: string, moveTo?: string | null) =>
      call<Deleted>("DELETE", `/statuses/${id(statusId)}`, { move_to: moveTo }),

    appointments: (start: Date, end: Date, includeCancelled = false, agentId?: string | null) =>
      call<Schemas["AppointmentListOut"]>("GET", "/appointments", {
        start: start.toISOString(),
        end: end.toISOString(),
        include_cancelled: includeCancelled,
        agent_id: agentId,
        limit: 500,
      }),
    bookAppointment: (body: AppointmentCreate) => call<Appointment>("POST", "/appointments", undefined, body),
    moveAppointment: (appointmentId: string, move: AppointmentMove) =>
      call<Appointment>("PATCH", `/appointments/${id(appointmentId)}`, undefined, move),
    cancelAppointment: (appointmentId: string) =>
      call<Appointment>("POST", `/appointments/${id(appointmentId)}/cancel`),

    users: () => call<Schemas["UserListOut"]>("GET", "/users"),
    addUser: (email: string, role: StaffRole, displayName?: string | null) =>
      call<StaffMember>("POST", "/users", undefined, { email, role, display_name: displayName || null }),
    setUserRole: (uid: string, role: StaffRole) =>
      call<StaffMember>("PATCH", `/users/${id(uid)}`, undefined, { role }),
    removeUser: (uid: string) => call<Deleted>("DELETE", `/users/${id(uid)}`),

    prompts: (channel: PromptChannel) => call<PromptList>("GET", "/prompts", { channel }),
    createPrompt: (channel: PromptChannel, text: string) =>
      call<Prompt>("POST", "/prompts", undefined, { channel, text }),
    activatePrompt: (promptId: string) => call<Prompt>("POST", `/prompts/${id(promptId)}/activate`),
    promptDiff: (promptId: string, against?: string) =>
      call<PromptDiff>("GET", `/prompts/${id(promptId)}/diff`, { against }),

    plans: () => call<Schemas["PlanListOut"]>("GET", "/billing/plans"),
    signup: () => call<Signup>("GET", "/signup"),
    startSignup: (details: SignupIn) => call<Signup>("POST", "/signup", undefined, details),
    serviceContract: () => call<ServiceContract>("GET", "/signup/contract"),
    signServiceContract: (signature: SignatureIn) =>
      call<Signup>("POST", "/signup/contract/sign", undefined, signature),
    startPayment: (provider: PaymentProvider) =>
      call<Schemas["PaymentOut"]>("POST", "/signup/payment", undefined, { provider }),
    billing: () => call<Billing>("GET", "/billing"),
    cancelSubscription: () => call<Billing>("POST", "/billing/cancel"),
    startPaymentMethodChange: () => call<PaymentMethodChange>("POST", "/billing/payment-method"),
    confirmPaymentMethodChange: (confirm: PaymentMethodConfirm) =>
      call<Billing>("POST", "/billing/payment-method/confirm", undefined, confirm),
    officeContracts: (cursor?: string | null, limit = 20) =>
      call<ContractPage>("GET", "/contracts", { cursor: cursor ?? undefined, limit }),
    createBrokerage: (agreement: BrokerageIn) => call<ContractSent>("POST", "/contracts", undefined, agreement),
    resendContract: (contractId: string) => call<ContractSent>("POST", `/contracts/${id(contractId)}/resend`),
    cancelContract: (contractId: string) => call<OfficeContract>("POST", `/contracts/${id(contractId)}/cancel`),
    contractTemplates: (cursor?: string | null) =>
      call<TemplatePage>("GET", "/contract-templates", { cursor: cursor ?? undefined, limit: 20 }),
    createContractTemplate: (template: TemplateIn) =>
      call<TemplateVersion>("POST", "/contract-templates", undefined, template),
    contractTemplateVersion: (templateId: string, version: number) =>
      call<TemplateVersion>("GET", `/contract-templates/${id(templateId)}/versions/${version}`),
    addContractTemplateVersion: (templateId: string, template: TemplateIn) =>
      call<TemplateVersion>("POST", `/contract-templates/${id(templateId)}/versions`, undefined, template),
    activateContractTemplate: (templateId: string, version: number) =>
      call<ContractSettings>("POST", `/contract-templates/${id(templateId)}/activate`, undefined, { version }),
    contractTemplatePreview: (templateId: string, version: number) =>
      pdf(`/contract-templates/${id(templateId)}/versions/${version}/preview`),
    contractSettings: () => call<ContractSettings>("GET", "/contract-settings"),
    setContractSettings: (sendAfterBooking: boolean) =>
      call<ContractSettings>("PUT", "/contract-settings", undefined, { send_after_booking: sendAfterBooking }),
    /** Public: the signing link's token authorizes, no sign-in needed. */
    signingPage: (token: string) => call<SigningPage>("GET", `/sign/${id(token)}`),
    signByLink: (token: string, signature: PublicSignIn) =>
      call<OfficeContract>("POST", `/sign/${id(token)}`, undefined, signature),
  };
}

export type Api = ReturnType<typeof createApi>;

function isErrorBody(data: unknown): data is ApiErrorBody {
  return typeof data === "object" && data !== null && "message_he" in data;
}
