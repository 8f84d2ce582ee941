// Whether a URL is on one origin (scheme, host and port all equal). Prefix tests let
// http://localhost:5173.evil.example or http://localhost:5173@evil.example pass for
// http://localhost:5173 (review 44); alveo://app has no origin in WHATWG terms ("null"), so the
// parts are compared.

/** `origin`: e.g. 'alveo://app' or 'http://localhost:5173'; `scheme` replaces its scheme (http -> ws). */
export function urlAtOrigin(url: string, origin: string, scheme?: string): boolean {
  let u: URL;
  let o: URL;
  try {
    u = new URL(url);
    o = new URL(origin);
  } catch {
    return false;
  }
  const protocol = scheme ? `${scheme}:` : o.protocol;
  return u.protocol === protocol && u.host === o.host && u.username === '' && u.password === '';
}
