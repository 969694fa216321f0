import { describe, expect, it } from 'vitest';
import { offsetName, zoneAbbreviation, zoneOffset } from '../src/content/zones.ts';

const at = (iso: string) => Date.parse(iso);

describe('zoneAbbreviation', () => {
  it('should name London GMT in winter and BST in summer, on both sides of the clock change', () => {
    expect(zoneAbbreviation('Europe/London', at('2026-11-20T18:45:00Z'))).toBe('GMT');
    expect(zoneAbbreviation('Europe/London', at('2026-07-01T12:00:00Z'))).toBe('BST');
    // Clocks went forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    expect(zoneAbbreviation('Europe/London', at('2026-03-29T00:59:59Z'))).toBe('GMT');
    expect(zoneAbbreviation('Europe/London', at('2026-03-29T01:00:00Z'))).toBe('BST');
    expect(zoneAbbreviation('Europe/London', at('2026-10-25T00:59:59Z'))).toBe('BST');
    expect(zoneAbbreviation('Europe/London', at('2026-10-25T01:00:00Z'))).toBe('GMT');
  });

  it('should name New York EST and EDT, and its aliases the same', () => {
    expect(zoneAbbreviation('America/New_York', at('2026-01-15T12:00:00Z'))).toBe('EST');
    expect(zoneAbbreviation('America/New_York', at('2026-07-15T12:00:00Z'))).toBe('EDT');
    expect(zoneAbbreviation('US/Eastern', at('2026-07-15T12:00:00Z'))).toBe('EDT');
    expect(zoneAbbreviation('america/new_york', at('2026-01-15T12:00:00Z'))).toBe('EST');
  });

  it('should name Jerusalem IST and IDT', () => {
    expect(zoneAbbreviation('Asia/Jerusalem', at('2026-11-26T09:00:00Z'))).toBe('IST');
    expect(zoneAbbreviation('Asia/Jerusalem', at('2026-06-01T09:00:00Z'))).toBe('IDT');
  });

  it('should name UTC as UTC all year', () => {
    expect(zoneAbbreviation('UTC', at('2026-01-01T00:00:00Z'))).toBe('UTC');
    expect(zoneAbbreviation('UTC', at('2026-07-01T00:00:00Z'))).toBe('UTC');
    expect(zoneAbbreviation('Etc/UTC', at('2026-07-01T00:00:00Z'))).toBe('UTC');
  });

  it('should give the offset for a zone without an abbreviation in common use', () => {
    expect(zoneAbbreviation('Asia/Dubai', at('2026-07-01T00:00:00Z'))).toBe('UTC+4');
    expect(zoneAbbreviation('Asia/Kathmandu', at('2026-07-01T00:00:00Z'))).toBe('UTC+5:45');
    expect(zoneAbbreviation('America/Sao_Paulo', at('2026-07-01T00:00:00Z'))).toBe('UTC-3');
  });

  it('should give the offset where a named zone had another one (Moscow in 2012 was UTC+4)', () => {
    expect(zoneAbbreviation('Europe/Moscow', at('2021-05-05T12:20:00Z'))).toBe('MSK');
    expect(zoneAbbreviation('Europe/Moscow', at('2012-05-05T12:20:00Z'))).toBe('UTC+4');
  });
});

describe('zoneOffset and offsetName', () => {
  it('should give the offset in minutes at the instant, half and quarter hours included', () => {
    expect(zoneOffset('Europe/London', at('2026-07-01T00:00:00Z'))).toBe(60);
    expect(zoneOffset('America/St_Johns', at('2026-01-01T00:00:00Z'))).toBe(-210);
    expect(zoneOffset('Asia/Kolkata', at('2026-01-01T00:00:00Z'))).toBe(330);
    expect(zoneOffset('UTC', at('2026-01-01T00:00:00Z'))).toBe(0);
  });

  it('should write offsets as readers do', () => {
    expect([0, 180, -300, 330, -210, 345].map(offsetName)).toEqual([
      'UTC',
      'UTC+3',
      'UTC-5',
      'UTC+5:30',
      'UTC-3:30',
      'UTC+5:45',
    ]);
  });
});
