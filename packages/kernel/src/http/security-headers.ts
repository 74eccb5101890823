/**
 * The security headers of every response, computed once at start instead of per request
 * (what helmet would set, for a same-origin single-page app and a JSON API). Swagger UI
 * replaces the CSP on its own pages with one that allows its assets.
 */
export function securityHeadersFor(httpsOnly: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    ...(httpsOnly ? { 'strict-transport-security': 'max-age=15552000; includeSubDomains' } : {}),
  };
}
