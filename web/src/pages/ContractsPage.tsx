import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router";

import type { BrokerageIn, ContractSent, DealType } from "../api/client";
import { whatsappLink } from "../billing/money";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { Ltr } from "../components/Ltr";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { heBilling as t } from "../i18n/billing";
import { useAsync } from "../useAsync";

const DEALS: DealType[] = ["buy", "rent", "sell", "let"];

/** The office's brokerage agreements: create one for a lead, send the signing link, follow its status. */
export function ContractsPage() {
  const api = useApi();
  const list = useAsync(() => api.officeContracts(), [api]);
  const [sent, setSent] = useState<{ result: ContractSent; phone: string } | null>(null);
  return (
    <section className="grid gap-4">
      <h1>{t.contracts.title}</h1>
      <NewAgreement
        onSent={(result, phone) => {
          setSent({ result, phone });
          list.reload();
        }}
      />
      {sent && <SendLink sent={sent.result} phone={sent.phone} />}
      <section className="grid gap-2" aria-labelledby="sent-title">
        <h2 id="sent-title">{t.contracts.sent}</h2>
        <p className="text-sm text-slate-700">{t.contracts.linkOnlyOnce}</p>
        {list.loading && !list.data && <Loading />}
        <ErrorNote error={list.error} />
        {list.data && !list.data.items.length && <p>{t.contracts.none}</p>}
        <ul className="grid gap-2" aria-label={t.contracts.sent}>
          {(list.data?.items ?? []).map((c) => (
            <li key={c.id} className="card flex flex-wrap items-center gap-x-4 gap-y-1 p-3" data-contract={c.id}>
              <strong className="w-full min-w-0 sm:w-auto sm:flex-1">{c.client_name}</strong>
              <span
                className={`rounded-full px-2 py-0.5 text-sm font-medium ${c.status === "signed" ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}
              >
                {t.contracts.statuses[c.status] ?? c.status}
              </span>
              <span className="text-sm text-slate-700">
                {t.contracts.createdAt} <Ltr>{formatDateTime(c.created_at)}</Ltr>
              </span>
              {c.signature ? (
                <span className="text-sm">
                  {t.contracts.signedBy(c.signature.typed_name)} <Ltr>{formatDateTime(c.signature.signed_at)}</Ltr>
                </span>
              ) : (
                <span className="text-sm text-slate-700">
                  {t.contracts.expiresAt} <Ltr>{formatDateTime(c.expires_at)}</Ltr>
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

function SendLink({ sent, phone }: { sent: ContractSent; phone: string }) {
  const [copied, setCopied] = useState(false);
  const wa = whatsappLink(phone, sent.whatsapp_text);
  return (
    <section className="card grid gap-2" aria-labelledby="link-title">
      <h2 id="link-title">{t.contracts.created(sent.contract.client_name)}</h2>
      <label className="field">
        <span>{t.contracts.link}</span>
        <input readOnly dir="ltr" value={sent.signing_url} onFocus={(e) => e.target.select()} />
      </label>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn"
          onClick={() => void navigator.clipboard?.writeText(sent.signing_url).then(() => setCopied(true))}
        >
          {t.contracts.copy}
        </button>
        {wa && (
          <a className="btn btn-primary" href={wa} target="_blank" rel="noopener noreferrer">
            {t.contracts.whatsapp}
          </a>
        )}
      </div>
      {copied && <p role="status">{t.contracts.copied}</p>}
    </section>
  );
}

type Form = {
  lead_id: string;
  broker_name: string;
  license_number: string;
  client_name: string;
  client_id: string;
  client_phone: string;
  deal_type: DealType;
  property_address: string;
  fee_kind: "percent" | "fixed";
  fee: string;
  exclusivity_days: string;
  office_business_number: string;
  office_address: string;
};
const REQUIRED = ["broker_name", "license_number", "client_name", "client_id", "client_phone", "property_address"] as const;

function NewAgreement({ onSent }: { onSent: (sent: ContractSent, phone: string) => void }) {
  const api = useApi();
  const [params] = useSearchParams();
  const lead = params.get("lead") ?? "";
  const [form, setForm] = useState<Form>({
    lead_id: lead,
    broker_name: "",
    license_number: "",
    client_name: "",
    client_id: "",
    client_phone: lead,
    deal_type: "buy",
    property_address: "",
    fee_kind: "percent",
    fee: "2",
    exclusivity_days: "0",
    office_business_number: "",
    office_address: "",
  });
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const empty = new Set<string>(REQUIRED.filter((k) => !form[k].trim()));
    if (!form.fee.trim()) empty.add(form.fee_kind === "percent" ? "fee_percent" : "fee_fixed_agorot");
    setMissing(empty);
    if (empty.size) return;
    const body: BrokerageIn = {
      lead_id: form.lead_id.trim() || null,
      broker_name: form.broker_name.trim(),
      license_number: form.license_number.trim(),
      client_name: form.client_name.trim(),
      client_id: form.client_id.trim(),
      client_phone: form.client_phone.trim(),
      deal_type: form.deal_type,
      property_address: form.property_address.trim(),
      fee_percent: form.fee_kind === "percent" ? form.fee.trim() : null,
      fee_fixed_agorot: form.fee_kind === "fixed" ? Math.round(Number(form.fee) * 100) : null,
      exclusivity_days: Number(form.exclusivity_days) || 0,
      office_business_number: form.office_business_number.trim() || null,
      office_address: form.office_address.trim() || null,
    };
    setBusy(true);
    try {
      onSent(await api.createBrokerage(body), body.client_phone);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const err = (field: string) => (missing.has(field) ? t.signup.required : apiFieldError(error, field));
  const feeField = form.fee_kind === "percent" ? "fee_percent" : "fee_fixed_agorot";
  const known = [...REQUIRED, "lead_id", "deal_type", "fee_percent", "fee_fixed_agorot", "exclusivity_days", "office_business_number", "office_address"];
  const text = (key: keyof Form, label: string, extra: { ltr?: boolean; hint?: string; mode?: "numeric" | "tel" | "decimal" } = {}) => (
    <Field label={label} error={err(key)} hint={extra.hint}>
      {(a) => <input {...a} value={form[key]} dir={extra.ltr ? "ltr" : undefined} inputMode={extra.mode} onChange={set(key)} />}
    </Field>
  );
  return (
    <form className="card grid gap-3 sm:grid-cols-2" onSubmit={submit} aria-label={t.contracts.create} noValidate>
      <h2 className="sm:col-span-2">{t.contracts.create}</h2>
      {text("broker_name", t.contracts.brokerName)}
      {text("license_number", t.contracts.license, { ltr: true, mode: "numeric" })}
      {text("client_name", t.contracts.clientName)}
      {text("client_id", t.contracts.clientId, { ltr: true, mode: "numeric" })}
      {text("client_phone", t.contracts.clientPhone, { ltr: true, mode: "tel" })}
      {text("lead_id", t.contracts.leadId, { ltr: true, mode: "tel" })}
      <Field label={t.contracts.dealType} error={err("deal_type")}>
        {(a) => (
          <select {...a} value={form.deal_type} onChange={set("deal_type")}>
            {DEALS.map((d) => (
              <option key={d} value={d}>
                {t.dealTypes[d]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {text("property_address", t.contracts.property)}
      <Field label={t.contracts.feeKind}>
        {(a) => (
          <select {...a} value={form.fee_kind} onChange={set("fee_kind")}>
            <option value="percent">{t.contracts.feePercent}</option>
            <option value="fixed">{t.contracts.feeFixed}</option>
          </select>
        )}
      </Field>
      <Field label={form.fee_kind === "percent" ? t.contracts.feeValuePercent : t.contracts.feeValueFixed} error={err(feeField)}>
        {(a) => <input {...a} dir="ltr" inputMode="decimal" value={form.fee} onChange={set("fee")} />}
      </Field>
      {text("exclusivity_days", t.contracts.exclusivity, { ltr: true, mode: "numeric" })}
      {text("office_business_number", t.contracts.officeNumber, { ltr: true, mode: "numeric", hint: t.contracts.officeHint })}
      {text("office_address", t.contracts.officeAddress)}
      {!known.some((f) => apiFieldError(error, f)) && (
        <div className="sm:col-span-2">
          <ErrorNote error={error} />
        </div>
      )}
      <div className="sm:col-span-2">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t.contracts.submit}
        </button>
      </div>
    </form>
  );
}
