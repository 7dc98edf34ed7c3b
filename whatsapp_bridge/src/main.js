// The Baileys bridge: one WhatsApp Web session, its auth state in Firestore, incoming messages
// forwarded (signed) to baileys_inbound, replies sent from POST /send. See ../README.md.
import { randomUUID } from 'node:crypto';

import { Firestore } from '@google-cloud/firestore';
import { Storage } from '@google-cloud/storage';
import makeWASocket, {
  Browsers,
  DisconnectReason,
  downloadMediaMessage,
  fetchLatestBaileysVersion,
  makeCacheableSignalKeyStore,
} from '@whiskeysockets/baileys';
import pino from 'pino';

import { useFirestoreAuthState } from './authState.js';
import { forwardInbound } from './forward.js';
import { createBridgeHandler, startHttpServer } from './http.js';
import { acquireLease, keepLease } from './lease.js';
import { jidForPhone, phoneFromJid, toInbound } from './mapping.js';
import { attachMediaUrls } from './media.js';

const MAX_BACKOFF_MS = 60_000;

export function readConfig(env) {
  const secret = env.BAILEYS_SHARED_SECRET;
  if (!secret) throw new Error('BAILEYS_SHARED_SECRET is required');
  return {
    secret,
    inboundUrl: env.BAILEYS_INBOUND_URL || 'http://127.0.0.1:8080/baileys_inbound/',
    port: Number(env.PORT || 8090),
    sessionId: env.BRIDGE_SESSION_ID || 'default',
    pairingPhone: env.BRIDGE_PAIRING_PHONE || null,
    projectId: env.GOOGLE_CLOUD_PROJECT || 'demo-agentlocator',
    mediaBucket: env.MEDIA_BUCKET || null,
    logLevel: env.LOG_LEVEL || 'info',
  };
}

async function run(config) {
  const log = pino({ level: config.logLevel });
  const firestore = new Firestore({ projectId: config.projectId });
  const sessionRef = firestore.collection('whatsapp_bridge_sessions').doc(config.sessionId);
  const bucket = config.mediaBucket
    ? new Storage({ projectId: config.projectId }).bucket(config.mediaBucket)
    : null;
  const owner = randomUUID();
  await acquireLease(sessionRef, owner, { log });
  keepLease(sessionRef, owner, { log });

  let sock = null;
  let connected = false;
  let backoffMs = 1_000;

  const server = await startHttpServer(
    createBridgeHandler({
      secret: config.secret,
      status: () => ({ connected, session: config.sessionId }),
      send: async ({ to, text }) => {
        const sent = await sock.sendMessage(jidForPhone(to), { text });
        return { id: sent?.key?.id };
      },
    }),
    config.port,
  );
  log.info({ port: config.port }, 'bridge HTTP server listening');

  const connect = async () => {
    const auth = await useFirestoreAuthState(sessionRef);
    const { version } = await fetchLatestBaileysVersion().catch(() => ({ version: undefined }));
    sock = makeWASocket({
      version,
      auth: { creds: auth.state.creds, keys: makeCacheableSignalKeyStore(auth.state.keys, log) },
      logger: log.child({ module: 'baileys' }),
      browser: Browsers.ubuntu('AgentLocator'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
    });
    sock.ev.on('creds.update', auth.saveCreds);

    if (config.pairingPhone && !auth.state.creds.registered) {
      setTimeout(async () => {
        const code = await sock.requestPairingCode(config.pairingPhone.replace(/\D/g, ''));
        log.warn({ code }, 'enter this pairing code in WhatsApp → Linked devices');
      }, 3_000);
    }

    sock.ev.on('connection.update', async ({ connection, lastDisconnect, qr }) => {
      if (qr) {
        log.warn('scan the QR code (stored on the session document as `qr`)');
        await sessionRef.set({ qr, qr_at: new Date() }, { merge: true });
      }
      if (connection === 'open') {
        connected = true;
        backoffMs = 1_000;
        await sessionRef.set({ qr: null, phone: phoneFromJid(sock.user?.id) }, { merge: true });
        log.info({ user: sock.user?.id }, 'WhatsApp connected');
      }
      if (connection === 'close') {
        connected = false;
        const code = lastDisconnect?.error?.output?.statusCode;
        if (code === DisconnectReason.loggedOut) {
          log.error('logged out from the phone: clearing the session; a new QR follows');
          await auth.clear();
        }
        const delay = code === DisconnectReason.restartRequired ? 0 : backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        log.warn({ code, delay }, 'connection closed; reconnecting');
        setTimeout(() => connect().catch((err) => log.error({ err }, 'reconnect failed')), delay);
      }
    });

    sock.ev.on('messages.upsert', async ({ messages, type }) => {
      if (type !== 'notify') return; // history sync and appends are not new messages
      const ownPhone = phoneFromJid(sock.user?.id);
      for (const message of messages) {
        const payload = toInbound(message, ownPhone);
        if (!payload) continue;
        payload.media = await attachMediaUrls(payload, {
          sessionId: config.sessionId,
          bucket,
          log,
          // One WhatsApp message carries at most one media item; index is always 0 here.
          download: () =>
            downloadMediaMessage(
              message,
              'buffer',
              {},
              { logger: log, reuploadRequest: sock.updateMediaMessage },
            ),
        });
        const result = await forwardInbound(payload, {
          url: config.inboundUrl,
          secret: config.secret,
        });
        if (!result.delivered) log.error({ id: payload.id, result }, 'forward failed');
      }
    });
  };

  await connect();
  const stop = () => {
    server.close();
    sock?.end(undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run(readConfig(process.env)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
