import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  epochSeconds,
  jidForPhone,
  mediaOf,
  messageText,
  phoneFromJid,
  senderPhone,
  toInbound,
} from '../src/mapping.js';

const OWN = '+97237630000';

function waMessage(overrides = {}) {
  return {
    key: { remoteJid: '972501234567@s.whatsapp.net', fromMe: false, id: '3EB0C431C26A1916E07A' },
    messageTimestamp: 1795000000,
    pushName: 'דני',
    message: { conversation: 'שלום, אני מחפש דירה' },
    ...overrides,
  };
}

test('a text message maps to the baileys_inbound body', () => {
  assert.deepEqual(toInbound(waMessage(), OWN), {
    id: '3EB0C431C26A1916E07A',
    from: '+972501234567',
    to: OWN,
    text: 'שלום, אני מחפש דירה',
    timestamp: 1795000000,
    pushName: 'דני',
    media: [],
  });
});

test('extended text, captions and wrapped (disappearing, view-once) messages give their text', () => {
  assert.equal(messageText({ extendedTextMessage: { text: ' היי ' } }), 'היי');
  assert.equal(messageText({ imageMessage: { caption: 'הדירה הזאת' } }), 'הדירה הזאת');
  assert.equal(
    messageText({ ephemeralMessage: { message: { conversation: 'נעלמת' } } }),
    'נעלמת',
  );
  assert.equal(
    messageText({
      viewOnceMessageV2: { message: { imageMessage: { caption: 'פעם אחת' } } },
    }),
    'פעם אחת',
  );
});

test('media messages carry kind and content type, with or without a caption', () => {
  const mapped = toInbound(
    waMessage({ message: { imageMessage: { mimetype: 'image/jpeg', caption: 'סלון' } } }),
    OWN,
  );
  assert.equal(mapped.text, 'סלון');
  assert.deepEqual(mapped.media, [{ kind: 'image', contentType: 'image/jpeg', fileName: null }]);
  const voice = toInbound(waMessage({ message: { audioMessage: { mimetype: 'audio/ogg' } } }), OWN);
  assert.equal(voice.text, '');
  assert.deepEqual(mediaOf({ audioMessage: { mimetype: 'audio/ogg' } }), voice.media);
});

test('what Leah must not answer maps to null', () => {
  const skipped = {
    ours: waMessage({ key: { ...waMessage().key, fromMe: true } }),
    group: waMessage({ key: { ...waMessage().key, remoteJid: '120363@g.us' } }),
    status: waMessage({ key: { ...waMessage().key, remoteJid: 'status@broadcast' } }),
    reaction: waMessage({ message: { reactionMessage: { text: '👍' } } }),
    protocol: waMessage({ message: { protocolMessage: { type: 0 } } }),
    empty: waMessage({ message: {} }),
    noContent: waMessage({ message: null }),
    noId: waMessage({ key: { remoteJid: '972501234567@s.whatsapp.net', fromMe: false } }),
  };
  for (const [name, message] of Object.entries(skipped)) {
    assert.equal(toInbound(message, OWN), null, name);
  }
  assert.equal(toInbound(waMessage(), null), null, 'before we know our own number');
});

test('a chat addressed by LID uses the phone JID WhatsApp sends beside it', () => {
  const key = {
    remoteJid: '123456789012345@lid',
    remoteJidAlt: '972541112233@s.whatsapp.net',
    fromMe: false,
    id: 'ABC',
  };
  assert.equal(senderPhone(key), '+972541112233');
  assert.equal(toInbound(waMessage({ key }), OWN).from, '+972541112233');
  assert.equal(toInbound(waMessage({ key: { ...key, remoteJidAlt: undefined } }), OWN), null);
});

test('JIDs and phones convert both ways', () => {
  assert.equal(phoneFromJid('972501234567:12@s.whatsapp.net'), '+972501234567');
  assert.equal(phoneFromJid('972501234567@g.us'), null);
  assert.equal(phoneFromJid(undefined), null);
  assert.equal(jidForPhone('+972501234567'), '972501234567@s.whatsapp.net');
  assert.throws(() => jidForPhone('not a phone'));
});

test('timestamps come as numbers, strings or protobuf Longs', () => {
  assert.equal(epochSeconds(1795000000), 1795000000);
  assert.equal(epochSeconds('1795000000'), 1795000000);
  assert.equal(epochSeconds({ toNumber: () => 1795000000 }), 1795000000);
  assert.equal(epochSeconds(undefined), null);
});
