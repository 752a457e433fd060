/**
 * The console's Content-Security-Policy: its own script and styles only, no inline code, and
 * requests to the ops API and the sign-in service alone. Ticket text is rendered as text; this
 * is the second wall should that ever fail. CloudFront sends it on AWS, the local server here.
 */
export function consoleCsp(connectTo: string[], options: { meta?: boolean } = {}): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectTo.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  // A policy in a meta tag cannot forbid framing (browsers ignore the directive there); the header does.
  return (options.meta ? directives.filter((d) => !d.startsWith('frame-ancestors')) : directives).join('; ');
}
