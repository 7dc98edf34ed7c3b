import { type FormEvent, useEffect, useState } from "react";

import type { ContractSettings, ContractTemplate, DealType, TemplateIn, TemplateVersion } from "../api/client";
import { ErrorNote, Loading, errorText } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { useApi } from "../context";
import { heBilling } from "../i18n/billing";
import { heContracts } from "../i18n/contracts";
import { useAsync } from "../useAsync";

const t = heContracts.templates;
const DEALS: DealType[] = ["buy", "rent", "sell", "let"];

type Form = {
  name: string;
  broker_name: string;
  license_number: string;
  office_business_number: string;
  office_address: string;
  deal_type: DealType;
  fee_kind: "percent" | "fixed";
  fee: string;
  fee_terms: string;
  exclusivity_days: string;
  extra_clauses: string[];
  activate: boolean;
};
const EMPTY: Form = {
  name: "",
  broker_name: "",
  license_number: "",
  office_business_number: "",
  office_address: "",
  deal_type: "buy",
  fee_kind: "percent",
  fee: "2",
  fee_terms: "",
  exclusivity_days: "0",
  extra_clauses: [],
  activate: true,
};
const REQUIRED = ["name", "broker_name", "license_number", "office_business_number", "office_address"] as const;

function formOf(version: TemplateVersion): Form {
  const d = version.defaults;
  const fixed = d.fee_fixed_agorot != null;
  return {
    name: d.name,
    broker_name: d.broker_name,
    license_number: d.license_number,
    office_business_number: d.office_business_number,
    office_address: d.office_address,
    deal_type: d.deal_type as DealType,
    fee_kind: fixed ? "fixed" : "percent",
    fee: fixed ? String((d.fee_fixed_agorot ?? 0) / 100) : (d.fee_percent ?? ""),
    fee_terms: d.fee_terms,
    exclusivity_days: String(d.exclusivity_days),
    extra_clauses: [...d.extra_clauses],
    activate: true,
  };
}

/**
 * Owners and admins: the office's brokerage-agreement templates. Each save is a new version; the
 * active version is what new agreements (and Leah's, after a booking) use.
 */
export function TemplatesSection({ onActiveChange }: { onActiveChange: (settings: ContractSettings) => void }) {
  const api = useApi();
  const templates = useAsync(() => api.contractTemplates(), [api]);
  const settings = useAsync(() => api.contractSettings(), [api]);
  const [editing, setEditing] = useState<{ template: ContractTemplate | null; form: Form } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<{ url: string; title: string } | null>(null);
  // The switch shows the click at once; the server's answer confirms it (or puts it back).
  const [switching, setSwitching] = useState<boolean | null>(null);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );
  useEffect(() => {
    if (settings.data) onActiveChange(settings.data);
  }, [settings.data]);

  async function act(work: () => Promise<string>) {
    setError(null);
    setNote(null);
    try {
      setNote(await work());
    } catch (err) {
      setError(err);
    }
  }
  const startEdit = (template: ContractTemplate) =>
    act(async () => {
      const version = await api.contractTemplateVersion(template.id, template.latest_version);
      setEditing({ template, form: formOf(version) });
      return t.editing(template.name, template.latest_version + 1);
    });
  const activate = (template: ContractTemplate) =>
    act(async () => {
      settings.setData(await api.activateContractTemplate(template.id, template.latest_version));
      templates.reload();
      return t.activated(template.latest_version);
    });
  const showPreview = (template: ContractTemplate) =>
    act(async () => {
      const blob = await api.contractTemplatePreview(template.id, template.latest_version);
      setPreview({ url: URL.createObjectURL(blob), title: t.previewTitle(template.name, template.latest_version) });
      return t.previewTitle(template.name, template.latest_version);
    });
  const toggle = (on: boolean) => {
    setSwitching(on);
    return act(async () => {
      try {
        settings.setData(await api.setContractSettings(on));
      } finally {
        setSwitching(null);
      }
      return on ? t.sendAfterBookingOn : t.sendAfterBookingOff;
    });
  };

  const items = templates.data?.items ?? [];
  const current = settings.data;
  return (
    <section className="card grid gap-3" aria-labelledby="templates-title">
      <h2 id="templates-title">{t.title}</h2>
      <p className="text-sm text-slate-700">{t.intro}</p>
      {(templates.loading || settings.loading) && !templates.data && <Loading />}
      <ErrorNote error={templates.error ?? settings.error} />
      {templates.data && !items.length && <p>{t.none}</p>}
      <ul className="grid gap-2" aria-label={t.list}>
        {items.map((template) => (
          <li key={template.id} className="grid gap-2 rounded-md border border-slate-200 p-3" data-template={template.id}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <strong className="w-full min-w-0 sm:w-auto sm:flex-1">{template.name}</strong>
              <span className="text-sm text-slate-700">{t.latest(template.latest_version)}</span>
              <span
                className={`rounded-full px-2 py-0.5 text-sm font-medium ${template.active_version ? "bg-green-100 text-green-900" : "bg-slate-100 text-slate-800"}`}
              >
                {template.active_version ? t.active(template.active_version) : t.notActive}
              </span>
            </div>
            <div className="flex flex-wrap gap-2">
              <button type="button" className="btn" onClick={() => void startEdit(template)}>
                {t.edit(template.name)}
              </button>
              {template.active_version !== template.latest_version && (
                <button type="button" className="btn" onClick={() => void activate(template)}>
                  {t.activate(template.latest_version)}
                </button>
              )}
              <button type="button" className="btn" onClick={() => void showPreview(template)}>
                {t.preview(template.latest_version)}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {preview && (
        <div className="grid gap-2">
          <iframe title={preview.title} src={preview.url} className="h-[50vh] min-h-72 w-full rounded-md border border-slate-300 bg-white" />
          <div className="flex flex-wrap gap-2">
            <a className="btn" href={preview.url} target="_blank" rel="noopener">
              {t.openPreview}
            </a>
            <button type="button" className="btn" onClick={() => setPreview(null)}>
              {t.closePreview}
            </button>
          </div>
        </div>
      )}
      {current && (
        <div className="grid gap-1">
          <label className="flex min-h-11 items-start gap-2">
            <input
              type="checkbox"
              className="mt-1 size-5 shrink-0"
              checked={switching ?? current.send_after_booking}
              disabled={switching !== null || (!current.active_template_id && !current.send_after_booking)}
              onChange={(e) => void toggle(e.target.checked)}
            />
            <span>{t.sendAfterBooking}</span>
          </label>
          <span className="text-sm text-slate-600">{current.active_template_id ? t.sendAfterBookingHint : t.needsActive}</span>
        </div>
      )}
      {note && <p role="status">{note}</p>}
      {error != null && !editing && (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      )}
      {editing ? (
        <TemplateForm
          key={editing.template?.id ?? "new"}
          template={editing.template}
          initial={editing.form}
          onCancel={() => setEditing(null)}
          onSaved={(version, activated) => {
            setEditing(null);
            templates.reload();
            if (activated) {
              settings.setData(activated);
              setNote(`${t.saved(version.version)}. ${t.activated(version.version)}`);
            } else setNote(t.saved(version.version));
          }}
        />
      ) : (
        <button type="button" className="btn justify-self-start" onClick={() => setEditing({ template: null, form: EMPTY })}>
          {t.newTemplate}
        </button>
      )}
    </section>
  );
}

function TemplateForm(props: {
  template: ContractTemplate | null;
  initial: Form;
  onCancel: () => void;
  onSaved: (version: TemplateVersion, activated: ContractSettings | null) => void;
}) {
  const api = useApi();
  const [form, setForm] = useState<Form>(props.initial);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const feeField = form.fee_kind === "percent" ? "fee_percent" : "fee_fixed_agorot";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const empty = new Set<string>(REQUIRED.filter((k) => !form[k].trim()));
    if (!form.fee.trim()) empty.add(feeField);
    setMissing(empty);
    if (empty.size) return;
    const body: TemplateIn = {
      name: form.name.trim(),
      broker_name: form.broker_name.trim(),
      license_number: form.license_number.trim(),
      office_business_number: form.office_business_number.trim(),
      office_address: form.office_address.trim(),
      deal_type: form.deal_type,
      fee_percent: form.fee_kind === "percent" ? form.fee.trim() : null,
      fee_fixed_agorot: form.fee_kind === "fixed" ? Math.round(Number(form.fee) * 100) : null,
      fee_terms: form.fee_terms.trim(),
      exclusivity_days: Number(form.exclusivity_days) || 0,
      extra_clauses: form.extra_clauses.map((c) => c.trim()).filter(Boolean),
    };
    setBusy(true);
    try {
      const version = props.template
        ? await api.addContractTemplateVersion(props.template.id, body)
        : await api.createContractTemplate(body);
      const activated = form.activate ? await api.activateContractTemplate(version.template_id, version.version) : null;
      props.onSaved(version, activated);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const err = (field: string) => (missing.has(field) ? t.required : apiFieldError(error, field));
  const known = [...REQUIRED, "deal_type", "fee_percent", "fee_fixed_agorot", "fee_terms", "exclusivity_days", "extra_clauses"];
  const text = (key: keyof Form, label: string, extra: { ltr?: boolean; hint?: string; mode?: "numeric" | "decimal" } = {}) => (
    <Field label={label} error={err(key)} hint={extra.hint}>
      {(a) => <input {...a} value={form[key] as string} dir={extra.ltr ? "ltr" : undefined} inputMode={extra.mode} onChange={set(key)} />}
    </Field>
  );
  const title = props.template ? t.editing(props.template.name, props.template.latest_version + 1) : t.newTemplate;
  return (
    <form className="grid gap-3 sm:grid-cols-2" onSubmit={submit} aria-label={title} noValidate>
      <h3 className="sm:col-span-2">{title}</h3>
      {text("name", t.name, { hint: t.nameHint })}
      {text("broker_name", t.brokerName)}
      {text("license_number", t.license, { ltr: true, mode: "numeric", hint: t.licenseHint })}
      {text("office_business_number", t.officeNumber, { ltr: true, mode: "numeric" })}
      {text("office_address", t.officeAddress)}
      <Field label={t.dealType} error={err("deal_type")}>
        {(a) => (
          <select {...a} value={form.deal_type} onChange={set("deal_type")}>
            {DEALS.map((d) => (
              <option key={d} value={d}>
                {heBilling.dealTypes[d]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t.feeKind}>
        {(a) => (
          <select {...a} value={form.fee_kind} onChange={set("fee_kind")}>
            <option value="percent">{t.feePercent}</option>
            <option value="fixed">{t.feeFixed}</option>
          </select>
        )}
      </Field>
      <Field label={form.fee_kind === "percent" ? t.feeValuePercent : t.feeValueFixed} error={err(feeField)}>
        {(a) => <input {...a} dir="ltr" inputMode="decimal" value={form.fee} onChange={set("fee")} />}
      </Field>
      {text("fee_terms", t.feeTerms, { hint: t.feeTermsHint })}
      {text("exclusivity_days", t.exclusivity, { ltr: true, mode: "numeric" })}
      <fieldset className="grid gap-2 sm:col-span-2">
        <legend className="text-sm font-medium text-slate-800">{t.clauses}</legend>
        {form.extra_clauses.map((clause, i) => (
          <div key={i} className="grid gap-1">
            <Field label={t.clause(i + 1)} error={i === 0 ? apiFieldError(error, "extra_clauses") : null}>
              {(a) => (
                <textarea
                  {...a}
                  rows={2}
                  value={clause}
                  maxLength={600}
                  onChange={(e) =>
                    setForm({ ...form, extra_clauses: form.extra_clauses.map((c, j) => (j === i ? e.target.value : c)) })
                  }
                />
              )}
            </Field>
            <button
              type="button"
              className="btn btn-danger justify-self-start"
              onClick={() => setForm({ ...form, extra_clauses: form.extra_clauses.filter((_, j) => j !== i) })}
            >
              {t.removeClause(i + 1)}
            </button>
          </div>
        ))}
        {!form.extra_clauses.length && apiFieldError(error, "extra_clauses") && (
          <p role="alert" className="field-error">
            {apiFieldError(error, "extra_clauses")}
          </p>
        )}
        {form.extra_clauses.length < 10 && (
          <button
            type="button"
            className="btn justify-self-start"
            onClick={() => setForm({ ...form, extra_clauses: [...form.extra_clauses, ""] })}
          >
            {t.addClause}
          </button>
        )}
      </fieldset>
      <label className="flex min-h-11 items-start gap-2 sm:col-span-2">
        <input
          type="checkbox"
          className="mt-1 size-5 shrink-0"
          checked={form.activate}
          onChange={(e) => setForm({ ...form, activate: e.target.checked })}
        />
        <span>{t.activateOnSave}</span>
      </label>
      {!known.some((f) => apiFieldError(error, f)) && (
        <div className="sm:col-span-2">
          <ErrorNote error={error} />
        </div>
      )}
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t.save}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t.cancelEdit}
        </button>
      </div>
    </form>
  );
}
