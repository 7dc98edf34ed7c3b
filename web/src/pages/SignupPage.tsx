import { type FormEvent, useState } from "react";

import { ApiError, type PaymentProvider, type Plan, type Signup, type SignupIn } from "../api/client";
import { PdfView } from "../billing/PdfView";
import { SignatureForm } from "../billing/SignatureForm";
import { formatAgorot } from "../billing/money";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { useOptionalSession } from "../auth/AuthContext";
import { useApi } from "../context";
import { heBilling as t } from "../i18n/billing";
import { he } from "../i18n/he";
import { useAsync } from "../useAsync";

/** Where the browser goes to pay; tests pass their own. */
export type Redirect = (url: string) => void;
const leave: Redirect = (url) => window.location.assign(url);

/** No sign-up yet: the API answers 404 / 409 `no_signup`. */
function noSignup(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.body?.reason === "no_signup");
}

/**
 * A new office owner (signed in, no business yet): details and plan → the service contract →
 * payment. The API keeps the sign-up, so a reload (or PayPal's return) resumes at the right step.
 */
export function SignupPage({ redirect = leave }: { redirect?: Redirect }) {
  const api = useApi();
  const loaded = useAsync(() => api.signup(), [api]);
  const signup = loaded.data;
  const step = !signup ? 0 : signup.status === "started" ? 1 : 2;
  const steps = t.signup.steps;
  const session = useOptionalSession();
  return (
    <main id="main" className="mx-auto grid max-w-3xl gap-4 px-3 py-4">
      <div className="flex flex-wrap items-center gap-2">
        <strong className="me-auto">{he.appName}</strong>
        {session && (
          <button type="button" className="btn" onClick={session.signOut}>
            {he.nav.signOut}
          </button>
        )}
      </div>
      <h1>{t.signup.title}</h1>
      {loaded.loading && <Loading />}
      {!loaded.loading && loaded.error !== null && !noSignup(loaded.error) && <ErrorNote error={loaded.error} />}
      {!loaded.loading && (signup || noSignup(loaded.error)) && (
        <>
          <ol className="flex flex-wrap gap-2 text-sm" aria-label={t.signup.stepOf(step + 1, steps.length)}>
            {steps.map((label, i) => (
              <li
                key={label}
                aria-current={i === step ? "step" : undefined}
                className={`rounded-full border px-3 py-1 ${i === step ? "border-blue-700 bg-blue-50 font-bold text-blue-900" : "border-slate-300 text-slate-700"}`}
              >
                {i + 1}. {label}
              </li>
            ))}
          </ol>
          {step === 0 && <DetailsStep onDone={loaded.setData} />}
          {step === 1 && signup && <ContractStep onSigned={loaded.setData} />}
          {step === 2 && signup && <PaymentStep signup={signup} redirect={redirect} />}
        </>
      )}
    </main>
  );
}

const FIELDS = ["name", "business_number", "address", "phone"] as const;
type DetailField = (typeof FIELDS)[number];

function DetailsStep({ onDone }: { onDone: (signup: Signup) => void }) {
  const api = useApi();
  const plans = useAsync(() => api.plans(), [api]);
  const [form, setForm] = useState<Record<DetailField, string>>({ name: "", business_number: "", address: "", phone: "" });
  const [planId, setPlanId] = useState<string>("");
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const labels: Record<DetailField, string> = {
    name: t.signup.name,
    business_number: t.signup.businessNumber,
    address: t.signup.address,
    phone: t.signup.phone,
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const empty = new Set<string>(FIELDS.filter((f) => !form[f].trim()));
    if (!planId) empty.add("plan_id");
    setMissing(empty);
    if (empty.size) return;
    setBusy(true);
    try {
      const body = { ...Object.fromEntries(FIELDS.map((f) => [f, form[f].trim()])), plan_id: planId } as SignupIn;
      onDone(await api.startSignup(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (f: string) => (missing.has(f) ? t.signup.required : apiFieldError(error, f));
  const planError = fieldError("plan_id");
  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t.signup.steps[0]} noValidate>
      <div className="card grid gap-3 sm:grid-cols-2">
        <h2 className="sm:col-span-2">{t.signup.steps[0]}</h2>
        {FIELDS.map((f) => (
          <Field key={f} label={labels[f]} error={fieldError(f)} hint={f === "business_number" ? t.signup.businessNumberHint : undefined}>
            {(a) => (
              <input
                {...a}
                value={form[f]}
                dir={f === "business_number" || f === "phone" ? "ltr" : undefined}
                inputMode={f === "business_number" ? "numeric" : f === "phone" ? "tel" : undefined}
                autoComplete={f === "phone" ? "tel" : f === "address" ? "street-address" : f === "name" ? "organization" : "off"}
                onChange={(e) => setForm({ ...form, [f]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
      <fieldset className="card grid gap-3" aria-describedby={planError ? "plan-error" : undefined}>
        <legend className="px-1 text-lg font-bold">{t.signup.plan}</legend>
        {plans.loading && <Loading />}
        <ErrorNote error={plans.error} />
        {plans.data && !plans.data.items.length && <p>{t.signup.noPlans}</p>}
        <div className="grid gap-3 md:grid-cols-3">
          {(plans.data?.items ?? []).map((plan) => (
            <PlanChoice key={plan.id} plan={plan} checked={planId === plan.id} onChoose={() => setPlanId(plan.id)} />
          ))}
        </div>
        {planError && (
          <span id="plan-error" role="alert" className="field-error">
            {planError}
          </span>
        )}
      </fieldset>
      {!FIELDS.some((f) => apiFieldError(error, f)) && !apiFieldError(error, "plan_id") && <ErrorNote error={error} />}
      <button type="submit" className="btn btn-primary justify-self-start" disabled={busy}>
        {t.signup.submit}
      </button>
    </form>
  );
}

function PlanChoice({ plan, checked, onChoose }: { plan: Plan; checked: boolean; onChoose: () => void }) {
  return (
    <label
      className={`grid cursor-pointer gap-1 rounded-lg border-2 p-3 ${checked ? "border-blue-700 bg-blue-50" : "border-slate-300 bg-white"}`}
    >
      <span className="flex items-center gap-2">
        <input type="radio" name="plan" className="size-5" value={plan.id} checked={checked} onChange={onChoose} />
        <strong className="text-lg">{plan.name_he}</strong>
      </span>
      <span className="text-xl font-bold">
        <bdi>{formatAgorot(plan.total_agorot)}</bdi> <span className="text-sm font-normal">{t.money.perMonth}</span>
      </span>
      <span className="text-sm text-slate-700">
        {t.money.withVat(plan.vat_percent)} · <bdi>{formatAgorot(plan.net_agorot)}</bdi> {t.money.beforeVat}
      </span>
      <span className="text-sm">{t.signup.seats(plan.seats)}</span>
      <span className="text-sm">{t.signup.minutes(plan.voice_minutes)}</span>
    </label>
  );
}

function ContractStep({ onSigned }: { onSigned: (signup: Signup) => void }) {
  const api = useApi();
  const contract = useAsync(() => api.serviceContract(), [api]);
  return (
    <section className="grid gap-3" aria-labelledby="contract-title">
      <h2 id="contract-title">{t.contract.title}</h2>
      <p>{t.contract.read}</p>
      {contract.loading && <Loading />}
      <ErrorNote error={contract.error} />
      {contract.data && (
        <>
          <PdfView title={contract.data.title} base64={contract.data.pdf_base64} sha256={contract.data.pdf_sha256} filename="service-contract.pdf" />
          <details className="card">
            <summary className="min-h-11 cursor-pointer content-center font-medium">{t.contract.textVersion}</summary>
            <p className="whitespace-pre-line">{contract.data.text}</p>
          </details>
          <SignatureForm sha256={contract.data.pdf_sha256} onSign={async (s) => onSigned(await api.signServiceContract(s))} />
        </>
      )}
    </section>
  );
}

function PaymentStep({ signup, redirect }: { signup: Signup; redirect: Redirect }) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (signup.status === "live")
    return (
      <section className="card grid gap-3">
        <p role="status">{t.payment.live}</p>
        <a className="btn btn-primary justify-self-start" href="#/">
          {t.payment.enter}
        </a>
      </section>
    );
  async function pay(provider: PaymentProvider) {
    setError(null);
    setBusy(true);
    try {
      redirect((await api.startPayment(provider)).redirect_url);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <section className="card grid gap-3" aria-labelledby="payment-title">
      <h2 id="payment-title">{t.payment.title}</h2>
      {signup.signature && <p>{t.contract.signed(signup.signature.typed_name)}</p>}
      {signup.status === "paying" ? <p role="status">{t.payment.paying}</p> : null}
      <p>{signup.status === "paying" ? t.payment.payAgain : t.payment.help}</p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void pay("paypal")}>
          {t.payment.paypal}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void pay("tranzila")}>
          {t.payment.tranzila}
        </button>
      </div>
      {busy && <p role="status">{t.payment.redirecting}</p>}
      <ErrorNote error={error} />
    </section>
  );
}
