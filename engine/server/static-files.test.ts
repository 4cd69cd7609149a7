import { describe, expect, test } from 'vitest';
import { contentTypeOf, staticFilePath } from './static-files.js';

describe('static files', () => {
  test('maps URL paths inside the root, / to index.html', () => {
    expect(staticFilePath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(staticFilePath('/srv/app', '/assets/a%20b.js')).toBe('/srv/app/assets/a b.js');
  });

  test.each(['/..', '/../etc/passwd', '/%2e%2e/x', '/a/%2E%2E/%2E%2E/x', '/a\\..\\x', '/%5c..%5cx', '/x%00', '/%E0%A4%A', 'relative', '/./index.html'])('refuses %s', (path) => {
    expect(staticFilePath('/srv/app', path)).toBeNull();
  });

  test('content types', () => {
    expect(contentTypeOf('a.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a.bin')).toBe('application/octet-stream');
  });
});
