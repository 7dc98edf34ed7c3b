// Against the Firestore emulator (FIRESTORE_EMULATOR_HOST); pytest's integration suite runs
// this with the session's emulator. Skipped when no emulator is given.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

const emulator = process.env.FIRESTORE_EMULATOR_HOST;

test('auth state survives a restart: creds and keys come back from Firestore', {
  skip: !emulator && 'FIRESTORE_EMULATOR_HOST is not set',
}, async () => {
  const { Firestore } = await import('@google-cloud/firestore');
  const { useFirestoreAuthState } = await import('../src/authState.js');
  const firestore = new Firestore({ projectId: process.env.GOOGLE_CLOUD_PROJECT || 'demo-test' });
  const session = firestore.collection('whatsapp_bridge_sessions').doc(`test-${randomUUID()}`);
  try {
    const first = await useFirestoreAuthState(session);
    first.state.creds.registered = true;
    first.state.creds.me = { id: '97237630000:3@s.whatsapp.net', name: 'נדל"ן השרון' };
    await first.saveCreds();
    await first.state.keys.set({
      'pre-key': { 1: { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) } },
      session: { '972501234567.0': Buffer.from('signal-session') },
    });

    const restarted = await useFirestoreAuthState(session); // a new instance, same session
    assert.equal(restarted.state.creds.registered, true);
    assert.equal(restarted.state.creds.me.id, '97237630000:3@s.whatsapp.net');
    assert.deepEqual(
      restarted.state.creds.noiseKey.private,
      first.state.creds.noiseKey.private,
    );
    const preKeys = await restarted.state.keys.get('pre-key', ['1', '2']);
    assert.deepEqual(preKeys['1'].public, Buffer.from([1, 2, 3]));
    assert.equal(preKeys['2'], null);
    const sessions = await restarted.state.keys.get('session', ['972501234567.0']);
    assert.deepEqual(sessions['972501234567.0'], Buffer.from('signal-session'));

    await restarted.state.keys.set({ 'pre-key': { 1: null } }); // Baileys deletes used keys
    assert.equal((await restarted.state.keys.get('pre-key', ['1']))['1'], null);

    await restarted.clear();
    const afterLogout = await useFirestoreAuthState(session);
    assert.equal(afterLogout.state.creds.registered, false);
  } finally {
    await firestore.recursiveDelete(session);
    await firestore.terminate();
  }
});
