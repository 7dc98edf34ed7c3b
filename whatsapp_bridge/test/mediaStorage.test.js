// Against the Cloud Storage emulator (STORAGE_EMULATOR_HOST); pytest's integration suite runs
// this with the session's emulator. Skipped when no emulator is given.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

const emulator = process.env.STORAGE_EMULATOR_HOST;
const skip = !emulator && 'STORAGE_EMULATOR_HOST is not set';

test('decrypted media land in the bucket and the message carries the gs:// URL', { skip }, async () => {
  const { Storage } = await import('@google-cloud/storage');
  const { attachMediaUrls } = await import('../src/media.js');
  const storage = new Storage({ projectId: process.env.GOOGLE_CLOUD_PROJECT || 'demo-test' });
  const [bucket] = await storage.createBucket(`wa-media-${randomUUID().slice(0, 8)}`);
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const payload = {
    id: '3EB0PHOTO',
    media: [{ kind: 'image', contentType: 'image/jpeg', fileName: null }],
  };

  const media = await attachMediaUrls(payload, {
    sessionId: 'default',
    bucket,
    download: async () => photo,
  });

  const url = `gs://${bucket.name}/whatsapp/default/3EB0PHOTO-0`;
  assert.deepEqual(media, [{ ...payload.media[0], url }]);
  const [stored] = await bucket.file('whatsapp/default/3EB0PHOTO-0').download();
  assert.deepEqual(stored, photo);
});

test('a failed download still forwards the message, with a reference', { skip }, async () => {
  const { Storage } = await import('@google-cloud/storage');
  const { attachMediaUrls } = await import('../src/media.js');
  const storage = new Storage({ projectId: process.env.GOOGLE_CLOUD_PROJECT || 'demo-test' });
  const [bucket] = await storage.createBucket(`wa-media-${randomUUID().slice(0, 8)}`);
  const media = await attachMediaUrls(
    { id: '3EB0GONE', media: [{ kind: 'audio', contentType: 'audio/ogg', fileName: null }] },
    {
      sessionId: 'default',
      bucket,
      download: async () => {
        throw new Error('media expired on the WhatsApp CDN');
      },
    },
  );
  assert.equal(media[0].url, 'whatsapp-media://default/3EB0GONE/0');
  const [files] = await bucket.getFiles();
  assert.deepEqual(files, []);
});
