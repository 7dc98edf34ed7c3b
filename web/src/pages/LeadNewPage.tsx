import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";

import { ApiError } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { apiFieldError } from "../components/Field";
import { useApi } from "../context";
import { he } from "../i18n/he";
import { LeadFields } from "../leads/LeadFields";
import { type Draft, type FieldErrors, checkDraft, createBodyOf, emptyDraft } from "../leads/leadForm";

export function LeadNewPage() {
  const api = useApi();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = checkDraft(draft, true);
    setErrors(found);
    setApiError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const lead = await api.createLead(createBodyOf(draft));
      navigate(`/leads/${encodeURIComponent(lead.id)}`);
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  }

  const duplicate = apiError instanceof ApiError && apiError.body?.reason === "duplicate_lead" ? apiError.body.existing_id : null;
  const fieldShown = apiFieldError(apiError, ...Object.keys(draft));
  return (
    <section className="grid max-w-3xl gap-4">
      <p>
        <Link to="/leads">{he.common.back}</Link>
      </p>
      <h1>{he.leadForm.newTitle}</h1>
      <form className="card grid gap-4" onSubmit={save} aria-label={he.leadForm.newTitle} noValidate>
        <LeadFields
          draft={draft}
          errors={errors}
          apiError={apiError}
          withPhone
          onChange={(field, value) => setDraft((d) => ({ ...d, [field]: value }))}
        />
        {Object.keys(errors).length > 0 && (
          <p role="alert" className="error">
            {he.leadForm.errors.fixBelow}
          </p>
        )}
        {duplicate ? (
          <p role="alert" className="error">
            {he.leadForm.duplicate} · <Link to={`/leads/${encodeURIComponent(duplicate)}`}>{he.leadForm.openExisting}</Link>
          </p>
        ) : (
          !fieldShown && <ErrorNote error={apiError} />
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {he.leadForm.create}
          </button>
        </div>
      </form>
    </section>
  );
}
