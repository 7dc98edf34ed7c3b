#!/usr/bin/env node
// Creates (or resets) a staff account in the local Auth emulator so the web app can sign in:
//   node scripts/demo-user.mjs [email] [password] [role] [business]
// Talks the emulator's own REST API (the Identity Toolkit wire format); "Bearer owner" is the
// emulator's admin credential. Never points at a real project: the host must be the emulator.
const host = process.env.FIREBASE_AUTH_EMULATOR_HOST || "127.0.0.1:9099";
const project = process.env.GCLOUD_PROJECT || "demo-agentlocator";
const [email = "owner@demo.agentlocator.co.il", password = "demo-password", role = "owner", business = "demo-realestate"] =
  process.argv.slice(2);
const base = `http://${host}/identitytoolkit.googleapis.com/v1`;
const admin = { "Content-Type": "application/json", Authorization: "Bearer owner" };

async function post(path, body, headers = { "Content-Type": "application/json" }) {
  const response = await fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

let uid;
try {
  uid = (await post("/accounts:signUp?key=emulator", { email, password })).localId;
} catch (error) {
  if (!String(error).includes("EMAIL_EXISTS")) throw error;
  uid = (await post("/accounts:signInWithPassword?key=emulator", { email, password, returnSecureToken: true })).localId;
}
await post(`/projects/${project}/accounts:update`, {
  localId: uid,
  customAttributes: JSON.stringify({ business_id: business, role }),
}, admin);
console.log(`staff account ready: ${email} / ${password} (${role} of ${business}, uid ${uid})`);
