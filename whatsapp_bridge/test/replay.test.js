import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createReplayGuard } from '../src/http.js';
import { MAX_SKEW_SECONDS } from '../src/signing.js';

test('a signature is accepted once while its timestamp is fresh', () => {
  let now = 1_000_000;
  const firstUse = createReplayGuard(() => now);
  assert.equal(firstUse('sha256=aa', String(now)), true);
  assert.equal(firstUse('sha256=aa', String(now)), false);
  assert.equal(firstUse('sha256=bb', String(now)), true);
  now += MAX_SKEW_SECONDS + 1; // stale by then: verify() refuses it anyway, the guard forgets it
  assert.equal(firstUse('sha256=aa', String(now)), true);
});
