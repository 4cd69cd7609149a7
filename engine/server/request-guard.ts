import { timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to `flowbench serve`: the decisions, as pure functions (tested without sockets).
 *
 * Invariants:
 * - The server listens on 127.0.0.1 only; these checks add the headers and the token on top.
 * - The Host header must name the loopback address and our port, so a DNS-rebinding page
 *   (evil.example resolving to 127.0.0.1) is refused even before anything else is looked at.
 * - A request with an Origin (every WebSocket from a browser) must come from our own origin.
 * - The API (the WebSocket, which can run code) needs the token, in `?token=`. The page and its
 *   assets do not: they are the same public bundle as in the install, and without a token the
 *   page can do nothing. So there is no cookie at all — a cookie is not scoped to a port, and
 *   would be sent to every other web server on this machine.
 */
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

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

interface RequestLike {
  readonly url?: string | undefined;
  readonly headers: { readonly host?: string | undefined; readonly origin?: string | undefined };
}

/** The check every request (page, asset, WebSocket upgrade) goes through: who is asking. */
export function checkRequest(request: RequestLike, port: number): Verdict {
  if (!isAllowedHost(request.headers.host, port)) return { ok: false, reason: 'this server answers only to 127.0.0.1 and localhost' };
  if (!isAllowedOrigin(request.headers.origin, port)) return { ok: false, reason: 'requests from other sites are refused' };
  return { ok: true };
}

/** The check of an API connection: `checkRequest`, and the token in its `?token=`. */
export function checkApiRequest(request: RequestLike, port: number, token: string): Verdict {
  const verdict = checkRequest(request, port);
  if (!verdict.ok) return verdict;
  let given: string | null;
  try {
    given = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  } catch {
    return { ok: false, reason: 'the request URL does not parse' };
  }
  if (tokenMatches(given, token)) return { ok: true };
  return { ok: false, reason: 'open the URL printed by "flowbench serve", with its ?token=…' };
}
