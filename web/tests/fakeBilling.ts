/**
 * The billing, sign-up and contracts endpoints of `crm_api` (docs/openapi.json shapes, same
 * status codes and Hebrew refusals) at the network boundary; everything else goes on to FakeCrm.
 * Requests are recorded in the FakeCrm's log so `crm.sent()` sees them all.
 */
import type {
  Billing,
  ContractSent,
  ContractSettings,
  ContractTemplate,
  OfficeContract,
  Plan,
  Signup,
  TemplateVersion,
} from "../src/api/client";
import { BASE, FakeCrm, TOKEN } from "./fakeCrm";

export const SHA = "a".repeat(64);
export const PDF_BASE64 = btoa("%PDF-1.4 test");
export const SIGN_TOKEN = "office-1:c1.1767225600.abcdef";

export const PLANS: Plan[] = [
  { id: "basic", name_he: "בסיסי", net_agorot: 19900, vat_agorot: 3582, total_agorot: 23482, vat_percent: "18", currency: "ILS", voice_minutes: 300, seats: 2 },
  { id: "pro", name_he: "מקצועי", net_agorot: 39900, vat_agorot: 7182, total_agorot: 47082, vat_percent: "18", currency: "ILS", voice_minutes: 1000, seats: 5 },
];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
const invalid = (field: string, message_he: string) => json(400, { error: "ValidationFailed", message: field, field, message_he });

export class FakeBilling {
  signup: Signup | null = null;
  /** null: an office provisioned by hand, with no billing account (GET /billing → 404). */
  billing: Billing | null = {
    status: "active",
    status_he: "פעיל",
    plan: PLANS[1]!,
    provider: "paypal",
    trial_ends_at: null,
    // 23:30 UTC on 31 Dec is 01:30 on 1 Jan in Israel: the page must show Israel's date and 24-hour time.
    next_charge_at: "2026-12-31T23:30:00Z",
    past_due_since: null,
    policy: { leah: "full", app: "full", can_book_meetings: true },
    invoices: [
      { number: 1001, kind: "invoice_receipt", issued_at: "2026-11-01T08:00:00Z", description: "מנוי מקצועי, נובמבר", net_agorot: 39900, vat_agorot: 7182, total_agorot: 47082, refers_to: null, pdf_path: null },
    ],
  };
  contracts: OfficeContract[] = [];
  signingStatus: "sent" | "opened" | "signed" = "sent";
  needsClientId = false;
  templates: ContractTemplate[] = [];
  versions: TemplateVersion[] = [];
  contractSettings: ContractSettings = { send_after_booking: false, active_template_id: null, active_version: null };
  /** The change of card the API would start (its nonce confirms it, once). */
  changeNonce = "nonce-1";
  changesConfirmed = 0;

  constructor(readonly crm = new FakeCrm()) {}

  private startChange() {
    const change_id = "ab".repeat(12);
    if (this.billing?.provider === "paypal")
      return { provider: "paypal", change_id, nonce: null, hosted_fields: null,
               redirect_url: "https://www.paypal.com/webapps/billing/subscriptions/update?ba_token=BA-1" };
    return {
      provider: "tranzila", change_id, nonce: this.changeNonce, redirect_url: null,
      hosted_fields: { script_url: "https://hf.tranzila.example/assets/js/thostedf.js", terminal_name: "t", thtk: "th",
                       amount: "1.00", currency_code: "ILS", tran_mode: "V", tokenize: true },
    };
  }

  private confirmChange(body: { change_id: string; nonce: string; transaction_index?: string }) {
    if (body.nonce !== this.changeNonce)
      return json(403, { error: "BadCardChange", message: "nonce", reason: "card_change",
                         message_he: "הבקשה לעדכון אמצעי התשלום אינה תקפה" });
    if (this.changesConfirmed++)
      return json(409, { error: "Refused", message: "used", reason: "card_change_used",
                         message_he: "אמצעי התשלום כבר עודכן בבקשה הזו" });
    return json(200, (this.billing = { ...this.billing!, payment_method_changed_at: "2026-11-30T08:05:00Z" }));
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const path = url.pathname.replace(new URL(BASE).pathname, "");
    const parts = path.split("/").map(decodeURIComponent);
    const head = parts[1] ?? "";
    if (!["billing", "signup", "contracts", "sign", "contract-templates", "contract-settings"].includes(head))
      return this.crm.fetch(input, init);
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as any) : undefined;
    const authorization = new Headers(init?.headers).get("authorization");
    this.crm.requests.push({ method, path: decodeURIComponent(path), query: url.searchParams, body, authorization });
    if (head === "sign") return this.sign(method, parts[2] ?? "", body);
    if (authorization !== `Bearer ${TOKEN}`)
      return json(401, { error: "Unauthenticated", message: "missing bearer token", message_he: "יש להתחבר מחדש" });
    if (head === "signup") return this.routeSignup(method, parts[2], parts[3], body);
    if (head === "billing" && parts[2] === "plans") return json(200, { items: PLANS });
    if (head === "billing") {
      if (this.crm.role !== "owner" && this.crm.role !== "superadmin")
        return json(403, { error: "Forbidden", message: "owner only", message_he: "אין הרשאה" });
      if (!this.billing) return json(404, { error: "NotFound", message: "no billing account", message_he: "הפריט המבוקש לא נמצא" });
      if (method === "POST" && parts[2] === "payment-method" && !parts[3]) return json(200, this.startChange());
      if (method === "POST" && parts[2] === "payment-method" && parts[3] === "confirm") return this.confirmChange(body);
      if (method === "POST" && parts[2] === "cancel")
        return json(200, (this.billing = {
          ...this.billing, status: "cancelled", status_he: "מבוטל", next_charge_at: null,
          policy: { leah: "message_only", app: "billing_only", can_book_meetings: false },
        }));
      return json(200, this.billing);
    }
    if (head === "contract-settings") {
      if (method === "PUT") this.contractSettings = { ...this.contractSettings, send_after_booking: body.send_after_booking };
      return json(200, this.contractSettings);
    }
    if (head === "contract-templates") return this.routeTemplates(method, parts[2], parts[3], parts[4], body);
    if (method === "GET") return json(200, { items: this.contracts, next_cursor: null });
    if (body.client_id != null && !/^\d{4,9}$/.test(body.client_id)) return invalid("client_id", "ת.ז. הלקוח: 4 עד 9 ספרות");
    const contract: OfficeContract = {
      id: `c${this.contracts.length + 1}`,
      lead_id: body.lead_id,
      kind: "brokerage",
      template_id: "brokerage-v1",
      client_name: body.client_name,
      status: "sent",
      created_at: "2026-11-20T10:00:00Z",
      expires_at: "2026-12-04T10:00:00Z",
      pdf_sha256: SHA,
      signature: null,
      created_by: "uid-owner",
      office_template_version: this.contractSettings.active_version,
      office_template_id: this.contractSettings.active_template_id,
    };
    this.contracts.push(contract);
    const sent: ContractSent = {
      contract,
      signing_url: `https://app.example/sign/${SIGN_TOKEN}`,
      whatsapp_text: `שלום ${body.client_name}, הסכם התיווך לחתימה: https://app.example/sign/${SIGN_TOKEN}`,
    };
    return json(201, sent);
  };

  private routeSignup(method: string, sub: string | undefined, action: string | undefined, body: any): Response {
    if (!sub && method === "GET")
      return this.signup ? json(200, this.signup) : json(409, { error: "Conflict", message: "no sign-up", message_he: "אין הרשמה", reason: "no_signup" });
    if (!sub && method === "POST") {
      if (body.business_number !== "516179157") return invalid("business_number", "ח.פ / ע.מ: ספרת הביקורת אינה נכונה");
      this.signup = { business_id: "office-1", status: "started", signature: null, provider: null, ...body };
      return json(201, this.signup);
    }
    if (!this.signup) return json(409, { error: "Conflict", message: "no sign-up", message_he: "אין הרשמה", reason: "no_signup" });
    if (sub === "contract" && method === "GET")
      return json(200, { template_id: "service-v1", title: "חוזה שירות", text: "חוזה שירות בין הצדדים", pdf_base64: PDF_BASE64, pdf_sha256: SHA });
    if (sub === "contract" && action === "sign") {
      if (body.pdf_sha256 !== SHA) return invalid("pdf_sha256", "המסמך השתנה");
      this.signup = {
        ...this.signup,
        status: "signed",
        signature: { typed_name: body.typed_name, signed_at: "2026-11-20T10:00:00Z", ip: "127.0.0.1", document_sha256: SHA, template_id: "service-v1" },
      };
      return json(200, this.signup);
    }
    if (sub === "payment") {
      this.signup = { ...this.signup, status: "paying", provider: body.provider };
      return json(200, { provider: body.provider, redirect_url: `https://pay.example/${body.provider}?ba=1` });
    }
    return json(404, { error: "NotFound", message: "not found", message_he: "לא נמצא" });
  }

  private routeTemplates(method: string, templateId?: string, sub?: string, version?: string, body?: any): Response {
    const now = "2026-11-20T10:00:00Z";
    const save = (id: string, number: number): TemplateVersion => {
      const saved: TemplateVersion = { template_id: id, version: number, defaults: body, created_at: now, created_by: "uid-owner", active: false };
      this.versions.push(saved);
      const template: ContractTemplate = { id, name: body.name, kind: "brokerage", latest_version: number, active_version: null, created_at: now, updated_at: now };
      this.templates = [template, ...this.templates.filter((t) => t.id !== id)];
      return saved;
    };
    if (!templateId && method === "GET") {
      const items = this.templates.map((t) => ({
        ...t,
        active_version: this.contractSettings.active_template_id === t.id ? this.contractSettings.active_version : null,
      }));
      return json(200, { items, next_cursor: null });
    }
    if (!templateId && method === "POST") {
      if (!/^\d{4,8}$/.test(body.license_number)) return invalid("license_number", "מספר רישיון תיווך: 4 עד 8 ספרות");
      return json(201, save(`t${this.templates.length + 1}`, 1));
    }
    const template = this.templates.find((t) => t.id === templateId);
    if (!template) return json(404, { error: "NotFound", message: "not found", message_he: "הפריט המבוקש לא נמצא" });
    if (sub === "versions" && method === "POST") return json(201, save(template.id, template.latest_version + 1));
    if (sub === "versions" && method === "GET") {
      const found = this.versions.find((v) => v.template_id === template.id && v.version === Number(version));
      return found ? json(200, found) : json(404, { error: "NotFound", message: "not found", message_he: "לא נמצא" });
    }
    if (sub === "activate") {
      this.contractSettings = { ...this.contractSettings, active_template_id: template.id, active_version: body.version };
      return json(200, this.contractSettings);
    }
    return json(404, { error: "NotFound", message: "not found", message_he: "לא נמצא" });
  }

  private sign(method: string, token: string, body: any): Response {
    if (token !== SIGN_TOKEN) return json(403, { error: "Forbidden", message: "bad link", message_he: "הקישור אינו תקף", reason: "signing_link" });
    if (method === "GET")
      return json(200, {
        title: "הזמנת שירותי תיווך", office_name: "נדל״ן לדוגמה", client_name: "משה לוי", status: this.signingStatus,
        needs_client_id: this.needsClientId, pdf_base64: PDF_BASE64, pdf_sha256: SHA,
      });
    if (body.pdf_sha256 !== SHA) return invalid("pdf_sha256", "המסמך השתנה");
    if (this.needsClientId && body.client_id !== "123456782")
      return invalid("client_id", "מספר תעודת הזהות אינו תקין (9 ספרות עם ספרת ביקורת)");
    this.signingStatus = "signed";
    return json(200, {
      id: "c1", lead_id: null, kind: "brokerage", template_id: "brokerage-v1", client_name: "משה לוי", status: "signed",
      created_at: "2026-11-20T10:00:00Z", expires_at: "2026-12-04T10:00:00Z", pdf_sha256: SHA, created_by: "uid-owner",
      signature: { typed_name: body.typed_name, signed_at: "2026-11-21T16:45:00Z", ip: "127.0.0.1", document_sha256: SHA, template_id: "brokerage-v1" },
    });
  }
}
