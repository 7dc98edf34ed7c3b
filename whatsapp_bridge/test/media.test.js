import assert from 'node:assert/strict';
import { test } from 'node:test';

import { attachMediaUrls, mediaObjectName, mediaReference } from '../src/media.js';

const PAYLOAD = {
  id: '3EB0ABC',
  media: [{ kind: 'image', contentType: 'image/jpeg', fileName: null }],
};

test('object names and references are stable and path-safe', () => {
  assert.equal(mediaObjectName('default', '3EB0/../x', 0), 'whatsapp/default/3EB0____x-0');
  assert.equal(mediaReference('default', '3EB0ABC', 0), 'whatsapp-media://default/3EB0ABC/0');
});

test('without a bucket media keep a reference and nothing is downloaded', async () => {
  let downloads = 0;
  const media = await attachMediaUrls(PAYLOAD, {
    sessionId: 'default',
    bucket: null,
    download: async () => {
      downloads += 1;
      return Buffer.from('x');
    },
  });
  assert.deepEqual(media, [{ ...PAYLOAD.media[0], url: 'whatsapp-media://default/3EB0ABC/0' }]);
  assert.equal(downloads, 0);
});
