import { describe, expect, test } from 'vitest';
import { checkApiRequest, checkRequest, isAllowedHost, isAllowedOrigin, tokenMatches } from './request-guard.js';

describe('request guard', () => {
  test('hosts: loopback names with our port only', () => {
    expect(isAllowedHost('127.0.0.1:8791', 8791)).toBe(true);
    expect(isAllowedHost('LOCALHOST:8791', 8791)).toBe(true);
    expect(isAllowedHost('[::1]:8791', 8791)).toBe(true);
    for (const host of [undefined, '127.0.0.1', '127.0.0.1:80', 'evil.example:8791', '127.0.0.1.evil.example:8791', '0.0.0.0:8791']) {
      expect(isAllowedHost(host, 8791)).toBe(false);
    }
  });

  test('origins: absent, or ours', () => {
    expect(isAllowedOrigin(undefined, 1234)).toBe(true);
    expect(isAllowedOrigin('http://localhost:1234', 1234)).toBe(true);
    for (const origin of ['null', 'http://localhost:1235', 'https://127.0.0.1:1234', 'http://evil.example', 'file://']) {
      expect(isAllowedOrigin(origin, 1234)).toBe(false);
    }
  });

  test('tokens: exact, from the query; the API needs one, the page does not', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
    const headers = { host: '127.0.0.1:9' };
    expect(checkApiRequest({ url: '/api?token=t', headers }, 9, 't')).toEqual({ ok: true });
    expect(checkApiRequest({ url: '/api', headers: { ...headers, cookie: 'flowbench_token=t' } } as never, 9, 't')).toMatchObject({ ok: false });
    expect(checkApiRequest({ url: '/api?token=t', headers: { host: 'evil.example:9' } }, 9, 't')).toMatchObject({ ok: false });
    expect(checkRequest({ url: '/', headers }, 9)).toEqual({ ok: true });
    expect(checkRequest({ url: '/', headers: { ...headers, origin: 'http://evil.example' } }, 9)).toMatchObject({ ok: false });
  });
});
