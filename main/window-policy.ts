/**
 * The security decisions behind the app window, as pure functions so they are tested without
 * Electron (importing `electron` from plain Node tries to download its binary).
 *
 * Invariants:
 * - The window shows only the app's own page: no navigation to anything else, ever.
 * - A link that leaves the app opens in the user's browser, and only for http(s): `file:`,
 *   `javascript:`, custom schemes and anything that does not parse are dropped.
 * - The renderer gets no permission (camera, notifications, geolocation, …) from Chromium;
 *   whatever it needs goes through the typed engine API instead.
 */

/**
 * The Content-Security-Policy of every app page. Scripts and styles only from the app itself;
 * nothing inline, no eval, no plugins, no <base> rewriting, no form posts.
 * renderer/index.html carries the same policy in a meta tag (a test keeps them equal).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

/**
 * Whether the window may navigate to `url`, given the URL the app was loaded from. Only the
 * app's own page is allowed (a reload or an in-page anchor); everything else is refused.
 *
 * @example
 * isAllowedNavigation('file:///app/out/renderer/index.html#runs', 'file:///app/out/renderer/index.html') // true
 * isAllowedNavigation('https://example.com/', 'file:///app/out/renderer/index.html') // false
 */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (target === undefined || app === undefined) return false;
  if (target.username !== '' || target.password !== '') return false;
  return withoutHash(target) === withoutHash(app);
}

/**
 * The URL to hand to `shell.openExternal` for a link the user followed, or `undefined` when the
 * link must not leave the app (anything but http/https, or something that does not parse).
 *
 * @example
 * externalLinkTarget('https://docs.metaflow.org/') // 'https://docs.metaflow.org/'
 * externalLinkTarget('file:///etc/passwd')          // undefined
 */
export function externalLinkTarget(url: string): string | undefined {
  const target = parse(url);
  if (target === undefined) return undefined;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  if (target.username !== '' || target.password !== '') return undefined;
  return target.href;
}

/** Chromium permission requests from app pages: all refused (see the invariants above). */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}
