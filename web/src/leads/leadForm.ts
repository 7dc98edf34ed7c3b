/**
 * The lead form's values and its checks, before anything is sent: each problem is a Hebrew
 * sentence that names the field as the person sees it ("חדרים: עד 20"). The API checks the same
 * limits (LeadCreate/LeadUpdate) and its 400 names the field too; both land under that field.
 */
import type { Lead, LeadCreate, LeadUpdate } from "../api/client";
import { e164 } from "../format";
import { he } from "../i18n/he";

export const TEXT_FIELDS = ["name", "city", "area", "timing", "email"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type DraftField = TextField | "phone" | "deal_type" | "property_type" | "rooms" | "budget";
export type Draft = Record<DraftField, string>;
export type FieldErrors = Partial<Record<DraftField, string>>;

const EMAIL = /^[^@\s]{1,100}@[^@\s]{1,100}\.[^@\s]{1,20}$/;
const MAX_TEXT = 200;

export function emptyDraft(): Draft {
  return { phone: "", name: "", city: "", area: "", timing: "", email: "", deal_type: "", property_type: "", rooms: "", budget: "" };
}

export function draftOf(lead: Lead): Draft {
  return {
    phone: lead.phone,
    name: lead.name ?? "",
    city: lead.city ?? "",
    area: lead.area ?? "",
    timing: lead.timing ?? "",
    email: lead.email ?? "",
    deal_type: lead.deal_type ?? "",
    property_type: lead.property_type ?? "",
    rooms: lead.rooms === null ? "" : String(lead.rooms),
    budget: lead.budget === null ? "" : String(lead.budget),
  };
}

/** A number typed with separators or the shekel sign ("₪2,500,000"); NaN when it is not one. */
function parseNumber(text: string): number {
  const cleaned = text.replace(/[,₪\s]/g, "");
  return cleaned === "" ? NaN : Number(cleaned);
}

/** Every problem in the draft, by field; empty when it may be sent. */
export function checkDraft(draft: Draft, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const t = he.leadForm.errors;
  if (creating) {
    if (!draft.phone.trim()) errors.phone = t.phoneRequired;
    else if (!/^\+972[2-9]\d{7,8}$/.test(e164(draft.phone))) errors.phone = t.phoneInvalid;
  }
  for (const key of TEXT_FIELDS) {
    if (draft[key].trim().length > MAX_TEXT) errors[key] = t.tooLong(he.lead.fields[key], MAX_TEXT);
  }
  if (draft.email.trim() && !EMAIL.test(draft.email.trim())) errors.email = t.email;
  if (draft.rooms.trim()) {
    const rooms = parseNumber(draft.rooms);
    if (!Number.isFinite(rooms)) errors.rooms = t.notANumber(he.lead.fields.rooms);
    else if (rooms > 20) errors.rooms = t.roomsMax;
    else if (rooms < 0.5) errors.rooms = t.roomsMin;
    else if (!Number.isInteger(rooms * 2)) errors.rooms = t.roomsHalves;
  }
  if (draft.budget.trim()) {
    const budget = parseNumber(draft.budget);
    if (!Number.isFinite(budget)) errors.budget = t.notANumber(he.lead.fields.budget);
    else if (budget < 0 || !Number.isInteger(budget)) errors.budget = t.budgetWhole;
  }
  return errors;
}

const numberOrNull = (text: string) => (text.trim() ? parseNumber(text) : null);

/** Only what the person changed; an emptied field is sent as null (cleared). Check first. */
export function changesOf(lead: Lead, draft: Draft): LeadUpdate {
  const before = draftOf(lead);
  const changes: LeadUpdate = {};
  for (const key of TEXT_FIELDS) {
    if (draft[key].trim() !== before[key]) changes[key] = draft[key].trim() || null;
  }
  if (draft.deal_type !== before.deal_type) changes.deal_type = (draft.deal_type || null) as LeadUpdate["deal_type"];
  if (draft.property_type !== before.property_type)
    changes.property_type = (draft.property_type || null) as LeadUpdate["property_type"];
  if (draft.rooms.trim() !== before.rooms) changes.rooms = numberOrNull(draft.rooms);
  if (draft.budget.trim() !== before.budget) changes.budget = numberOrNull(draft.budget);
  return changes;
}

export function createBodyOf(draft: Draft): LeadCreate {
  const body: LeadCreate = { phone: draft.phone.trim() };
  for (const key of TEXT_FIELDS) if (draft[key].trim()) body[key] = draft[key].trim();
  if (draft.deal_type) body.deal_type = draft.deal_type as LeadCreate["deal_type"];
  if (draft.property_type) body.property_type = draft.property_type as LeadCreate["property_type"];
  if (draft.rooms.trim()) body.rooms = numberOrNull(draft.rooms);
  if (draft.budget.trim()) body.budget = numberOrNull(draft.budget);
  return body;
}
