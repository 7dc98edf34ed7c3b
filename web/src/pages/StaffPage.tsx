import { type FormEvent, useState } from "react";

import type { StaffMember, StaffRole } from "../api/client";
import { useSession } from "../auth/AuthContext";
import { ErrorNote, Loading } from "../components/ErrorNote";
import { Field, apiFieldError } from "../components/Field";
import { useApi } from "../context";
import { formatDateTime } from "../format";
import { he } from "../i18n/he";
import { useAsync } from "../useAsync";
import { Ltr } from "../components/Ltr";

const ROLES: StaffRole[] = ["owner", "admin", "agent"];

/** The office's people and what each may do; the API decides who may change whom. */
export function StaffPage() {
  const api = useApi();
  const { me } = useSession();
  const loaded = useAsync(() => api.users(), [api]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [invite, setInvite] = useState<{ name: string; link: string } | null>(null);

  // The select shows the record's role: put the API's answer in place at once, so the choice
  // does not snap back to the old role until the list is fetched again.
  async function changeRole(uid: string, role: StaffRole) {
    const updated = await api.setUserRole(uid, role);
    const current = loaded.data;
    if (current) loaded.setData({ ...current, items: current.items.map((p) => (p.uid === uid ? updated : p)) });
  }

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    setMessage(null);
    try {
      await action();
      setMessage(done);
      loaded.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="grid gap-4">
      <h1>{he.staff.title}</h1>
      <dl className="card grid gap-1 text-sm">
        {ROLES.map((role) => (
          <div key={role} className="flex flex-wrap gap-x-2">
            <dt className="font-semibold">{he.staff.roles[role]}:</dt>
            <dd>{he.staff.roleHelp[role]}</dd>
          </div>
        ))}
      </dl>
      <ErrorNote error={loaded.error ?? error} />
      {message && <p role="status">{message}</p>}
      {loaded.loading && !loaded.data && <Loading />}
      <ul className="grid gap-2" aria-label={he.staff.title}>
        {(loaded.data?.items ?? []).map((person: StaffMember) => {
          const self = person.uid === me?.uid;
          const name = person.display_name || person.email || person.uid;
          return (
            <li key={person.uid} className="card flex flex-wrap items-end gap-3 p-3">
              <div className="grid min-w-0 flex-1 gap-0.5">
                <strong className="truncate">{name}</strong>
                {person.email && (
                  <bdi dir="ltr" className="truncate text-sm text-slate-700">
                    {person.email}
                  </bdi>
                )}
                <span className="text-xs text-slate-600">
                  {he.staff.since} <Ltr>{formatDateTime(person.created_at)}</Ltr>
                </span>
              </div>
              <label className="field">
                <span>{he.staff.role}</span>
                <select
                  value={person.role}
                  disabled={self}
                  aria-label={he.staff.roleOf(name)}
                  onChange={(e) => void run(() => changeRole(person.uid, e.target.value as StaffRole), he.staff.roleChanged)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {he.staff.roles[r]}
                    </option>
                  ))}
                </select>
              </label>
              {self ? (
                <span className="text-sm text-slate-700">{he.staff.you}</span>
              ) : removing === person.uid ? (
                <span className="flex flex-wrap gap-1">
                  <button type="button" className="btn btn-danger" onClick={() => (setRemoving(null), void run(() => api.removeUser(person.uid), he.staff.removed))}>
                    {he.staff.confirmRemove}
                  </button>
                  <button type="button" className="btn" onClick={() => setRemoving(null)}>
                    {he.common.cancel}
                  </button>
                </span>
              ) : (
                <button type="button" className="btn" onClick={() => setRemoving(person.uid)}>
                  {he.staff.remove} <span className="sr-only">{name}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <AddPerson
        onAdded={(person) => {
          setMessage(he.staff.added);
          setInvite(person.invite_link ? { name: person.display_name || person.email || "", link: person.invite_link } : null);
          loaded.reload();
        }}
      />
      {invite && (
        <div className="card grid gap-2" role="region" aria-label={he.staff.inviteTitle}>
          <h2>{he.staff.inviteTitle}</h2>
          <p>{he.staff.inviteHelp(invite.name)}</p>
          <input readOnly dir="ltr" aria-label={he.staff.inviteTitle} value={invite.link} onFocus={(e) => e.target.select()} />
        </div>
      )}
    </section>
  );
}

function AddPerson({ onAdded }: { onAdded: (person: StaffMember) => void }) {
  const api = useApi();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<StaffRole>("agent");
  const [error, setError] = useState<unknown>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) return setEmailError(he.leadForm.errors.email);
    setEmailError(null);
    try {
      const person = await api.addUser(email.trim(), role, name.trim() || null);
      setEmail("");
      setName("");
      onAdded(person);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="card grid gap-3 sm:grid-cols-2" onSubmit={add} aria-label={he.staff.add} noValidate>
      <h2 className="sm:col-span-2">{he.staff.add}</h2>
      <Field label={he.signIn.email} error={emailError ?? apiFieldError(error, "email")}>
        {(a) => <input {...a} type="email" dir="ltr" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label={he.staff.name} error={apiFieldError(error, "display_name")}>
        {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={he.staff.role} error={apiFieldError(error, "role")}>
        {(a) => (
          <select {...a} value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {he.staff.roles[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="flex items-end">
        <button type="submit" className="btn btn-primary">
          {he.staff.addSubmit}
        </button>
      </div>
      {!apiFieldError(error, "email", "display_name", "role") && <ErrorNote error={error} />}
    </form>
  );
}
