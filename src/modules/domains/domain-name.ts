import { domainToASCII } from 'node:url';
import { invalidArgument } from '../errors/domain-error.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// A top-level label is letters (or an IDN's punycode), never all digits: `10.0.0.1` is no domain.
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The canonical form of a domain name: lower-case ASCII (an IDN as punycode), no trailing dot.
 * Refuses anything that is not a registrable-looking name with at least two labels
 * (`invalid-domain-name`, `localhost`, an address, a URL, an email).
 */
export function normalizeDomainName(field: string, input: string | undefined): string {
  const raw = (input ?? '').trim().replace(/\.$/, '');
  if (!raw) throw invalidArgument(field, 'is required (e.g. "acme.com")');
  const ascii = /[^\x00-\x7f]/.test(raw) ? domainToASCII(raw) : raw.toLowerCase();
  const labels = ascii.split('.');
  const ok = ascii.length <= 253 && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TLD.test(labels[labels.length - 1]);
  if (!ok) throw invalidArgument(field, `must be a domain name such as "acme.com" (got '${raw.slice(0, 100)}')`);
  return ascii;
}
