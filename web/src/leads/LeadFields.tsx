import { Field, apiFieldError } from "../components/Field";
import { he } from "../i18n/he";
import { type Draft, type DraftField, type FieldErrors, TEXT_FIELDS } from "./leadForm";

/** The lead's fields, each with its Hebrew error under it (ours first, else the API's). */
export function LeadFields(props: {
  draft: Draft;
  errors: FieldErrors;
  apiError: unknown;
  withPhone: boolean;
  onChange: (field: DraftField, value: string) => void;
}) {
  const { draft, errors, apiError, onChange } = props;
  const errorOf = (field: DraftField) => errors[field] ?? apiFieldError(apiError, field);
  return (
    <div className="@container">
    <div className="grid gap-3 @lg:grid-cols-2">
      {props.withPhone && (
        <Field label={he.lead.fields.phone} error={errorOf("phone")} hint={he.leadForm.phoneHint}>
          {(a) => (
            <input {...a} type="tel" dir="ltr" inputMode="tel" autoComplete="off" value={draft.phone} onChange={(e) => onChange("phone", e.target.value)} />
          )}
        </Field>
      )}
      {TEXT_FIELDS.map((key) => (
        <Field key={key} label={he.lead.fields[key]} error={errorOf(key)}>
          {(a) => (
            <input
              {...a}
              value={draft[key]}
              dir={key === "email" ? "ltr" : undefined}
              type={key === "email" ? "email" : "text"}
              onChange={(e) => onChange(key, e.target.value)}
            />
          )}
        </Field>
      ))}
      <Field label={he.lead.fields.deal_type} error={errorOf("deal_type")}>
        {(a) => (
          <select {...a} value={draft.deal_type} onChange={(e) => onChange("deal_type", e.target.value)}>
            <option value="">{he.common.none}</option>
            {Object.entries(he.dealTypes).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={he.lead.fields.property_type} error={errorOf("property_type")}>
        {(a) => (
          <select {...a} value={draft.property_type} onChange={(e) => onChange("property_type", e.target.value)}>
            <option value="">{he.common.none}</option>
            {Object.entries(he.propertyTypes).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={he.lead.fields.rooms} error={errorOf("rooms")}>
        {(a) => <input {...a} dir="ltr" inputMode="decimal" value={draft.rooms} onChange={(e) => onChange("rooms", e.target.value)} />}
      </Field>
      <Field label={he.lead.fields.budget} error={errorOf("budget")}>
        {(a) => <input {...a} dir="ltr" inputMode="numeric" value={draft.budget} onChange={(e) => onChange("budget", e.target.value)} />}
      </Field>
    </div>
    </div>
  );
}
