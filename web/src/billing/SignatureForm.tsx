import { type FormEvent, useId, useState } from "react";

import type { SignatureIn } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { heBilling as t } from "../i18n/billing";
import { heContracts } from "../i18n/contracts";

/**
 * Typed name + consent, sent with the SHA-256 of the PDF the person was shown (the API refuses a
 * signature over any other bytes). Errors from the API land at their field. `askClientId`: the
 * agreement was sent without the signer's ת.ז., so the signer types it (checked by the API).
 */
export function SignatureForm({
  sha256,
  onSign,
  askClientId = false,
}: {
  sha256: string;
  onSign: (signature: SignatureIn & { client_id?: string }) => Promise<unknown>;
  askClientId?: boolean;
}) {
  const [name, setName] = useState("");
  const [clientId, setClientId] = useState("");
  const [consent, setConsent] = useState(false);
  const [local, setLocal] = useState<{ name?: string; consent?: string; clientId?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const consentId = useId();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const problems = {
      name: name.trim().length < 2 ? t.contract.nameRequired : undefined,
      consent: consent ? undefined : t.contract.consentRequired,
      clientId: askClientId && !clientId.trim() ? heContracts.sign.clientIdRequired : undefined,
    };
    setLocal(problems);
    if (problems.name || problems.consent || problems.clientId) return;
    setBusy(true);
    try {
      const signature = { typed_name: name.trim(), consent: true, pdf_sha256: sha256 };
      await onSign(askClientId ? { ...signature, client_id: clientId.trim() } : signature);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const consentError = local.consent ?? apiFieldError(error, "consent");
  return (
    <form className="card grid gap-3" onSubmit={submit} aria-label={t.contract.sign} noValidate>
      <Field label={t.contract.typedName} error={local.name ?? apiFieldError(error, "typed_name")}>
        {(a) => <input {...a} autoComplete="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
      </Field>
      {askClientId && (
        <Field
          label={heContracts.sign.clientId}
          hint={heContracts.sign.clientIdHint}
          error={local.clientId ?? apiFieldError(error, "client_id")}
        >
          {(a) => (
            <input
              {...a}
              dir="ltr"
              inputMode="numeric"
              autoComplete="off"
              maxLength={12}
              value={clientId}
              onChange={(e) => setClientId(e.target.value)}
            />
          )}
        </Field>
      )}
      <div className="grid gap-1">
        <label className="flex min-h-11 items-start gap-2">
          <input
            type="checkbox"
            className="mt-1 size-5 shrink-0"
            checked={consent}
            aria-invalid={!!consentError}
            aria-describedby={consentError ? consentId : undefined}
            onChange={(e) => setConsent(e.target.checked)}
          />
          <span>{t.contract.consent}</span>
        </label>
        {consentError && (
          <span id={consentId} role="alert" className="field-error">
            {consentError}
          </span>
        )}
      </div>
      {!apiFieldError(error, "typed_name", "consent", "client_id") && <ErrorNote error={error} />}
      <button type="submit" className="btn btn-primary justify-self-start" disabled={busy}>
        {t.contract.sign}
      </button>
    </form>
  );
}
