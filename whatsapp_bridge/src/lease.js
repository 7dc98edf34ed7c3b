// One WhatsApp Web session may have one live socket. When Cloud Run starts a second instance
// (a deploy, a restart), it waits here until the old one's lease lapses, so two sockets never
// fight over the session (WhatsApp would log one of them out).
export async function acquireLease(sessionRef, owner, { ttlMs = 60_000, pollMs = 5_000, log } = {}) {
  for (;;) {
    const acquired = await sessionRef.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(sessionRef);
      const lease = snap.exists ? snap.get('lease') : null;
      const now = Date.now();
      if (lease && lease.owner !== owner && lease.until > now) return false;
      tx.set(sessionRef, { lease: { owner, until: now + ttlMs } }, { merge: true });
      return true;
    });
    if (acquired) return;
    log?.info({ owner }, 'session lease held by another instance; waiting');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export function keepLease(sessionRef, owner, { ttlMs = 60_000, log } = {}) {
  const timer = setInterval(() => {
    sessionRef
      .set({ lease: { owner, until: Date.now() + ttlMs } }, { merge: true })
      .catch((error) => log?.warn({ err: error }, 'lease renewal failed'));
  }, ttlMs / 3);
  timer.unref();
  return () => clearInterval(timer);
}
