/**
 * Reduces a URL, host or e-mail address to its lower-case host without `www.`
 * (`https://WWW.Acme.com/about` -> `acme.com`, `jo@Acme.com` -> `acme.com`).
 *
 * @example
 * webDomain('WWW.Acme-Widgets.COM') // 'acme-widgets.com'
 */
export function webDomain(value: string): string | undefined {
  let text = value.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^www\d*\./, '');
  text = text.split(/[/?#:]/)[0] ?? '';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(text) ? text : undefined;
}
