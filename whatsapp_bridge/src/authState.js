// Baileys auth state in Firestore, so a restarted (or moved) bridge instance resumes the same
// WhatsApp Web session without a new QR scan. Layout:
//   whatsapp_bridge_sessions/{sessionId}              { creds: <BufferJSON string>, updated_at }
//   whatsapp_bridge_sessions/{sessionId}/keys/{type}-{id}   { value: <BufferJSON string> }
// Values are stored as BufferJSON strings because creds and keys hold binary buffers.
import { BufferJSON, initAuthCreds, proto } from '@whiskeysockets/baileys';

const SAFE = (name) => name.replace(/\//g, '__').replace(/:/g, '-');
const BATCH_LIMIT = 450; // Firestore allows 500 writes per batch

export async function useFirestoreAuthState(sessionRef) {
  const keys = sessionRef.collection('keys');
  const snapshot = await sessionRef.get();
  const stored = snapshot.exists ? snapshot.get('creds') : null;
  const creds = stored ? JSON.parse(stored, BufferJSON.reviver) : initAuthCreds();

  const readKey = async (type, id) => {
    const doc = await keys.doc(SAFE(`${type}-${id}`)).get();
    if (!doc.exists) return null;
    let value = JSON.parse(doc.get('value'), BufferJSON.reviver);
    if (type === 'app-state-sync-key' && value) {
      value = proto.Message.AppStateSyncKeyData.fromObject(value);
    }
    return value;
  };

  return {
    state: {
      creds,
      keys: {
        get: async (type, ids) => {
          const entries = await Promise.all(ids.map(async (id) => [id, await readKey(type, id)]));
          return Object.fromEntries(entries);
        },
        set: async (data) => {
          const writes = [];
          for (const type of Object.keys(data)) {
            for (const [id, value] of Object.entries(data[type] ?? {})) {
              writes.push([keys.doc(SAFE(`${type}-${id}`)), value]);
            }
          }
          for (let i = 0; i < writes.length; i += BATCH_LIMIT) {
            const batch = sessionRef.firestore.batch();
            for (const [ref, value] of writes.slice(i, i + BATCH_LIMIT)) {
              if (value) batch.set(ref, { value: JSON.stringify(value, BufferJSON.replacer) });
              else batch.delete(ref);
            }
            await batch.commit();
          }
        },
      },
    },
    saveCreds: async () => {
      await sessionRef.set(
        { creds: JSON.stringify(creds, BufferJSON.replacer), updated_at: new Date() },
        { merge: true },
      );
    },
    /** After a logout the session is dead: remove it so the next start shows a new QR. */
    clear: async () => {
      await sessionRef.firestore.recursiveDelete(sessionRef);
    },
  };
}
