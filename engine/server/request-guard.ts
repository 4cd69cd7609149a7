import { timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to `flowbench serve`: the decisions, as pure functions (tested without sockets).
 *
 * Invariants:
 * - The server listens on 127.0.0.1 only; these checks add the token and the headers on top.
 * - Every request carries the token: `?token=` in the URL, or the cookie set when the page was
 *   opened with it. Without it: 403, page and WebSocket alike.
 * - The Host header must name the loopback address and our port, so a DNS-rebinding page
 *   (evil.example resolving to 127.0.0.1) is refused even before the token is looked at.
 * - A request with an Origin (every WebSocket from a browser) must come from our own origin.
 */
export const TOKEN_COOKIE = 'flowbench_token';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether the Host header names this server (`127.0.0.1:PORT`, `localhost:PORT`). */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** Whether an Origin header is this server's own origin; an absent Origin is allowed. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

/** Compares tokens in constant time. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token cookie's value from a Cookie header. */
export function tokenFromCookie(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}

export type Verdict = { readonly ok: true; readonly viaQuery: boolean } | { readonly ok: false; readonly reason: string };

/** The one check every request (page, asset, WebSocket upgrade) goes through. */
export function checkRequest(
  request: { readonly url?: string | undefined; readonly headers: { readonly host?: string | undefined; readonly origin?: string | undefined; readonly cookie?: string | undefined } },
  port: number,
  token: string,
): Verdict {
  if (!isAllowedHost(request.headers.host, port)) return { ok: false, reason: 'this server answers only to 127.0.0.1 and localhost' };
  if (!isAllowedOrigin(request.headers.origin, port)) return { ok: false, reason: 'requests from other sites are refused' };
  let query: string | null;
  try {
    query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  } catch {
    return { ok: false, reason: 'the request URL does not parse' };
  }
  if (tokenMatches(query, token)) return { ok: true, viaQuery: true };
  if (tokenMatches(tokenFromCookie(request.headers.cookie), token)) return { ok: true, viaQuery: false };
  return { ok: false, reason: 'open the URL printed by "flowbench serve", with its ?token=…' };
}
