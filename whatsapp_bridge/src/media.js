// Incoming media: WhatsApp's CDN copy is encrypted and expires, so the bridge decrypts it
// (Baileys' downloadMediaMessage) and keeps it in Cloud Storage; the conversation stores the
// gs:// URL. Without a bucket configured, media stay references to fetch later.

export function mediaObjectName(sessionId, messageId, index) {
  const safe = (part) => String(part).replace(/[^A-Za-z0-9_-]/g, '_');
  return `whatsapp/${safe(sessionId)}/${safe(messageId)}-${index}`;
}

export function mediaReference(sessionId, messageId, index) {
  return `whatsapp-media://${sessionId}/${messageId}/${index}`;
}

/** Upload one decrypted media buffer; returns its gs:// URL. */
export async function storeMedia(bucket, { sessionId, messageId, index, buffer, contentType }) {
  const name = mediaObjectName(sessionId, messageId, index);
  await bucket.file(name).save(buffer, {
    resumable: false,
    contentType,
    metadata: { metadata: { source: 'whatsapp', messageId } },
  });
  return `gs://${bucket.name}/${name}`;
}

/**
 * The media descriptors of a mapped message with their url filled in. `download(index)` returns
 * the decrypted bytes (in production: Baileys' downloadMediaMessage); a failed download keeps
 * the reference so the message itself is still forwarded.
 */
export async function attachMediaUrls(payload, { sessionId, bucket, download, log }) {
  return Promise.all(
    payload.media.map(async (item, index) => {
      const reference = mediaReference(sessionId, payload.id, index);
      if (!bucket) return { ...item, url: reference };
      try {
        const buffer = await download(index);
        const url = await storeMedia(bucket, {
          sessionId,
          messageId: payload.id,
          index,
          buffer,
          contentType: item.contentType,
        });
        return { ...item, url };
      } catch (error) {
        log?.warn({ err: error, id: payload.id }, 'media download/upload failed; kept a reference');
        return { ...item, url: reference };
      }
    }),
  );
}
