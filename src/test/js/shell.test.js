import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const webroot = new URL('../../../webroot/', import.meta.url);

test('the service worker caches every module of the app, so it opens offline', () => {
  const modules = readdirSync(new URL('js/', webroot), { recursive: true })
    .filter((f) => f.endsWith('.js')).map((f) => `/js/${f.split('\\').join('/')}`).sort();
  const cached = [...readFileSync(new URL('sw.js', webroot), 'utf8').matchAll(/'(\/js\/[^']+\.js)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(cached, modules);
});
