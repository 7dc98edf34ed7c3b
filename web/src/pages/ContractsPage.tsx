import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router";

import type { BrokerageIn, ContractSent, ContractSettings, DealType } from "../api/client";
import { whatsappLink } from "../billing/money";
import { ErrorNote } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { SentAgreements } from "../contracts/SentAgreements";
import { TemplatesSection } from "../contracts/TemplatesSection";
import { useApi } from "../context";
import { heBilling as t } from "../i18n/billing";
import { heContracts } from "../i18n/contracts";

const DEALS: DealType[] = ["buy", "rent", "sell", "let"];

/**
 * The office's brokerage agreements: its own templates (versioned), a new agreement for a lead
 * (from the active template, or every field typed), the signing link, and the sent agreements
 * with their status.
 */
export function ContractsPage() {
  const [sent, setSent] = useState<{ result: ContractSent; phone: string } | null>(null);
  const [version, setVersion] = useState(0);
  const [settings, setSettings] = useState<ContractSettings | null>(null);
  return (
    <section className="grid gap-4">
      <h1>{t.contracts.title}</h1>
      <TemplatesSection onActiveChange={setSettings} />
      <NewAgreement
        activeVersion={settings?.active_template_id ? (settings.active_version ?? null) : null}
        onSent={(result, phone) => {
          setSent({ result, phone });
          setVersion((v) => v + 1);
        }}
      />
      {sent && <SendLink sent={sent.result} phone={sent.phone} />}
      <p className="text-sm text-slate-700">{heContracts.agreements.linkNote}</p>
      <SentAgreements
        version={version}
        onResent={(result) => setSent({ result, phone: result.contract.lead_id ?? "" })}
      />
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
const REQUIRED = ["broker_name", "license_number", "client_name", "client_phone", "property_address"] as const;
const FROM_TEMPLATE = new Set(["broker_name", "license_number"]);

function NewAgreement({ onSent, activeVersion }: { onSent: (sent: ContractSent, phone: string) => void; activeVersion: number | null }) {
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
    const templated = activeVersion !== null;
    const empty = new Set<string>(REQUIRED.filter((k) => !(templated && FROM_TEMPLATE.has(k)) && !form[k].trim()));
    if (!templated && !form.fee.trim()) empty.add(form.fee_kind === "percent" ? "fee_percent" : "fee_fixed_agorot");
    setMissing(empty);
    if (empty.size) return;
    const body: BrokerageIn = {
      lead_id: form.lead_id.trim() || null,
      broker_name: templated ? null : form.broker_name.trim(),
      license_number: templated ? null : form.license_number.trim(),
      client_name: form.client_name.trim(),
      client_id: form.client_id.trim() || null,
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
      {activeVersion !== null && <p className="sm:col-span-2">{heContracts.agreements.fromTemplate(activeVersion)}</p>}
      {activeVersion === null && text("broker_name", t.contracts.brokerName)}
      {activeVersion === null && text("license_number", t.contracts.license, { ltr: true, mode: "numeric" })}
      {text("client_name", t.contracts.clientName)}
      {text("client_id", activeVersion === null ? t.contracts.clientId : heContracts.agreements.clientIdOptional, {
        ltr: true,
        mode: "numeric",
        hint: heContracts.agreements.clientIdHint,
      })}
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
      {activeVersion === null && (
        <>
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
        </>
      )}
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
