// Baileys WAMessage → the JSON body baileys_inbound expects (pure: no socket, no network).
//
// Output: { id, from, to, text, timestamp, pushName, media: [{ kind, contentType, fileName }] }
// with phones as "+<digits>". Returns null for what Leah must not answer: our own messages,
// groups, status updates, newsletters, reactions and protocol messages.

const PERSONAL_SERVER = 's.whatsapp.net';
const MEDIA_KINDS = {
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
};
// Containers WhatsApp wraps real content in (disappearing messages, view-once, captions).
const WRAPPERS = [
  'ephemeralMessage',
  'viewOnceMessage',
  'viewOnceMessageV2',
  'viewOnceMessageV2Extension',
  'documentWithCaptionMessage',
  'editedMessage',
];

/** "972501234567:12@s.whatsapp.net" → "+972501234567"; null for groups, LIDs, broadcasts. */
export function phoneFromJid(jid) {
  if (typeof jid !== 'string') return null;
  const at = jid.indexOf('@');
  if (at < 0 || jid.slice(at + 1) !== PERSONAL_SERVER) return null;
  const user = jid.slice(0, at).split(':')[0];
  return /^\d{6,15}$/.test(user) ? `+${user}` : null;
}

/** The sender's phone: WhatsApp may address a chat by LID, with the phone JID beside it. */
export function senderPhone(key) {
  if (!key) return null;
  for (const jid of [key.remoteJid, key.remoteJidAlt, key.senderPn]) {
    const phone = phoneFromJid(jid);
    if (phone) return phone;
  }
  return null;
}

export function unwrap(message) {
  let current = message;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const wrapper = WRAPPERS.find((name) => current[name]?.message);
    if (!wrapper) break;
    current = current[wrapper].message;
  }
  return current ?? null;
}

export function messageText(message) {
  const m = unwrap(message);
  if (!m) return '';
  const text =
    m.conversation ??
    m.extendedTextMessage?.text ??
    m.imageMessage?.caption ??
    m.videoMessage?.caption ??
    m.documentMessage?.caption ??
    m.buttonsResponseMessage?.selectedDisplayText ??
    m.listResponseMessage?.title ??
    m.templateButtonReplyMessage?.selectedDisplayText ??
    '';
  return typeof text === 'string' ? text.trim() : '';
}

export function mediaOf(message) {
  const m = unwrap(message);
  if (!m) return [];
  return Object.entries(MEDIA_KINDS)
    .filter(([field]) => m[field])
    .map(([field, kind]) => ({
      kind,
      contentType: m[field].mimetype || 'application/octet-stream',
      fileName: m[field].fileName || null,
    }));
}

/** Seconds since the epoch from a number, a numeric string or a protobuf Long. */
export function epochSeconds(value) {
  if (value == null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (typeof value.toNumber === 'function') return value.toNumber();
  return null;
}

export function toInbound(waMessage, ownPhone) {
  const key = waMessage?.key;
  if (!key || key.fromMe || !key.id) return null;
  const m = unwrap(waMessage.message);
  if (!m || m.protocolMessage || m.reactionMessage || m.senderKeyDistributionMessage) {
    return null;
  }
  const from = senderPhone(key);
  if (!from || !ownPhone) return null; // groups, status@broadcast, newsletters, unknown LIDs
  const text = messageText(m);
  const media = mediaOf(m);
  if (!text && media.length === 0) return null;
  return {
    id: key.id,
    from,
    to: ownPhone,
    text,
    timestamp: epochSeconds(waMessage.messageTimestamp),
    pushName: waMessage.pushName || null,
    media,
  };
}

/** "+972501234567" → the personal JID Baileys sends to. */
export function jidForPhone(phone) {
  const digits = String(phone ?? '').replace(/\D/g, '');
  if (!/^\d{6,15}$/.test(digits)) throw new Error(`not a phone: ${phone}`);
  return `${digits}@${PERSONAL_SERVER}`;
}
