import { describe, expect, it } from 'vitest';
import { normaliseAddressLine, normalisePostalCode } from './address';
import { normaliseCompanyName } from './company-name';
import { normaliseDomain, normaliseEmail, normalisePhone, normaliseTaxId } from './contact-keys';
import { normalisePersonName } from './person-name';
import { soundex } from './phonetic-key';
import { foldText } from './text-folding';

const LONG = 'a'.repeat(100_000);
const HOSTILE = ['', '   ', LONG, '株式会社トヨタ', 'Ωμέγα ΑΕ', '🚀🚀 Rocket 🚀', '\u0000\u200b', null, undefined];

describe('normalisers', () => {
  it.each([
    ['ACME Widgets, Inc.', 'acme widgets'],
    ['Acme Widgets Incorporated', 'acme widgets'],
    ['  acme  widgets llc ', 'acme widgets'],
    ['Müller & Söhne GmbH & Co. KG', 'muller and sohne'],
    ['Société Générale S.A.', 'societe generale'],
    ['Big Mining Pty Ltd', 'big mining'],
    ['Philips N.V.', 'philips'],
    ['The Coca-Cola Company', 'coca cola'],
    ['Inc.', 'inc'],
  ])('normaliseCompanyName(%j) = %j', (input, expected) => expect(normaliseCompanyName(input)).toBe(expected));

  it.each([
    ['Bob', 'robert'],
    [" Bill  O'Brien ", 'william o brien'],
    ['José', 'jose'],
    ['J.', 'j'],
  ])('normalisePersonName(%j) = %j', (input, expected) => expect(normalisePersonName(input)).toBe(expected));

  it.each([
    ['5 Main Street, Suite 200', '5 main st #200'],
    ['5 main st ste 200', '5 main st #200'],
    ['12 Pinkerton Circuit, Apt. 3', '12 pinkerton cct #3'],
    ['77 North Oak Avenue #4B', '77 n oak ave #4b'],
  ])('normaliseAddressLine(%j) = %j', (input, expected) => expect(normaliseAddressLine(input)).toBe(expected));

  it('normalises postal codes, restoring a US leading zero and cutting ZIP+4', () => {
    expect(normalisePostalCode('2108', 'US')).toBe('02108');
    expect(normalisePostalCode('94107-1234', 'US')).toBe('94107');
    expect(normalisePostalCode('sw1a 1aa')).toBe('SW1A1AA');
  });

  it('normalises phones, e-mails, domains and tax ids', () => {
    expect(normalisePhone('(415) 555-0134 x12')).toBe('+14155550134');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('12')).toBe('');
    expect(normaliseEmail(' Jo.Smith@ACME.com ')).toBe('jo.smith@acme.com');
    expect(normaliseEmail('not an email')).toBe('');
    expect(normaliseDomain('https://shop.Acme.co.uk/about')).toBe('acme.co.uk');
    expect(normaliseDomain('WWW.acme-widgets.COM')).toBe('acme-widgets.com');
    expect(normaliseDomain('jo@sub.acme.com')).toBe('acme.com');
    expect(normaliseDomain('www.fabrikam.example')).toBe('fabrikam.example');
    expect(normaliseTaxId('de 123.456.789')).toBe('DE123456789');
    expect(normaliseTaxId('n/a')).toBe('');
    expect(normaliseTaxId('00000')).toBe('');
  });

  it('soundex codes names and ignores what is not a Latin letter', () => {
    expect(soundex('robert')).toBe('R163');
    expect(soundex('rupert')).toBe('R163');
    expect(soundex('tymczak')).toBe('T522');
    expect(soundex('ashcraft')).toBe('A261');
    expect(soundex('')).toBe('');
    expect(soundex('トヨタ')).toBe('');
  });

  it.each(HOSTILE.map((v) => [v]))('every normaliser survives hostile input %#', (value) => {
    const all = [
      foldText,
      normaliseCompanyName,
      normalisePersonName,
      normaliseAddressLine,
      normalisePostalCode,
      normalisePhone,
      normaliseEmail,
      normaliseDomain,
      normaliseTaxId,
    ];
    for (const normalise of all) {
      const out = normalise(value);
      expect(typeof out).toBe('string');
      expect(out.length).toBeLessThanOrEqual(1000);
    }
    expect(soundex(foldText(value))).toMatch(/^([A-Z]\d{3})?$/);
  });

  it('keeps non-Latin letters and drops emoji', () => {
    expect(foldText('株式会社トヨタ')).toBe('株式会社トヨタ');
    expect(normaliseCompanyName('Ωμέγα ΑΕ')).toBe('ωμεγα αε');
    expect(foldText('🚀🚀 Rocket 🚀')).toBe('rocket');
  });
});
