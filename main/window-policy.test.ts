import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  externalLinkTarget,
  isAllowedNavigation,
  isPermissionGranted,
} from './window-policy.js';

const APP = 'file:///opt/Flowbench/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

describe('isAllowedNavigation', () => {
  test('allows the app page itself, with or without an anchor', () => {
    expect(isAllowedNavigation(APP, APP)).toBe(true);
    expect(isAllowedNavigation(`${APP}#/runs/42`, APP)).toBe(true);
    expect(isAllowedNavigation(`${DEV}#/flows`, DEV)).toBe(true);
  });

  test.each([
    ['a website', 'https://example.com/'],
    ['another local file', 'file:///etc/passwd'],
    ['a sibling file of the app', 'file:///opt/Flowbench/resources/app.asar/out/renderer/other.html'],
    ['the app page with a query', `${APP}?inject=1`],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<h1>hi</h1>'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedNavigation(url, APP)).toBe(false);
  });

  test('refuses another origin than the dev server', () => {
    expect(isAllowedNavigation('http://localhost:5174/', DEV)).toBe(false);
    expect(isAllowedNavigation('http://evil@localhost:5173/', DEV)).toBe(false);
  });
});

describe('externalLinkTarget', () => {
  test('passes http and https links on, normalised', () => {
    expect(externalLinkTarget('https://docs.metaflow.org')).toBe('https://docs.metaflow.org/');
    expect(externalLinkTarget('http://localhost:8080/x?y=1#z')).toBe('http://localhost:8080/x?y=1#z');
  });

  test.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'vscode://file/x',
    'mailto:someone@example.com',
    'https://user:secret@example.com/',
    '//example.com',
    '',
  ])('drops %j', (url) => {
    expect(externalLinkTarget(url)).toBeUndefined();
  });
});

describe('permissions and CSP', () => {
  test('no Chromium permission is granted', () => {
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(isPermissionGranted(p)).toBe(false);
    }
  });

  test('the CSP allows nothing inline and nothing foreign', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  test('renderer/index.html carries the same CSP as the main process sends', () => {
    const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});
