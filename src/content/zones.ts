/**
 * Time zones as readers name them. `Intl.DateTimeFormat` names a zone by the reader's
 * locale data, and English CLDR calls London in summer "GMT+1" and Jerusalem "GMT+2":
 * not what a British or Israeli reader sees in a newspaper (BST, IST). The names here are
 * the tz database's, which keeps an abbreviation only where one is in common English use
 * and writes a numeric offset elsewhere; so does this (as "UTC+4").
 */

/** Abbreviations by UTC offset in minutes: a zone's name is the one for its offset at that instant. */
type Names = Readonly<Record<number, string>>;

const GMT_BST: Names = { 0: 'GMT', 60: 'BST' };
const WET: Names = { 0: 'WET', 60: 'WEST' };
const CET: Names = { 60: 'CET', 120: 'CEST' };
const EET: Names = { 120: 'EET', 180: 'EEST' };
const EASTERN: Names = { [-300]: 'EST', [-240]: 'EDT' };
const CENTRAL: Names = { [-360]: 'CST', [-300]: 'CDT' };
const MOUNTAIN: Names = { [-420]: 'MST', [-360]: 'MDT' };
const PACIFIC: Names = { [-480]: 'PST', [-420]: 'PDT' };
const AUSTRALIA_EAST: Names = { 600: 'AEST', 660: 'AEDT' };
const AUSTRALIA_CENTRAL: Names = { 570: 'ACST', 630: 'ACDT' };
const CAT: Names = { 120: 'CAT' };

const group = (names: Names, zones: string): [string, Names][] => zones.split(' ').map((zone) => [zone, names]);

/**
 * The zones whose abbreviations readers know. Keyed by canonical IANA name (and common
 * aliases, which `Intl` may keep as written); an offset missing from a zone's entry (a
 * historical one, such as Moscow's +04:00 of 2011–2014) falls back to the offset.
 */
const ABBREVIATIONS: ReadonlyMap<string, Names> = new Map<string, Names>([
  ['UTC', { 0: 'UTC' }],
  ['Etc/UTC', { 0: 'UTC' }],
  ...group(GMT_BST, 'Europe/London Europe/Belfast Europe/Jersey Europe/Guernsey Europe/Isle_of_Man GB'),
  ['Europe/Dublin', { 0: 'GMT', 60: 'IST' }],
  ...group(WET, 'Europe/Lisbon Atlantic/Canary Atlantic/Madeira Atlantic/Faroe'),
  ...group(
    CET,
    'Europe/Paris Europe/Berlin Europe/Madrid Europe/Rome Europe/Amsterdam Europe/Brussels Europe/Vienna ' +
      'Europe/Zurich Europe/Stockholm Europe/Oslo Europe/Copenhagen Europe/Warsaw Europe/Prague Europe/Budapest ' +
      'Europe/Belgrade Europe/Zagreb Europe/Ljubljana Europe/Bratislava Europe/Luxembourg Europe/Monaco ' +
      'Europe/Malta Europe/Andorra Europe/Tirane Europe/Sarajevo Europe/Skopje Europe/Podgorica Europe/Vaduz ' +
      'Europe/San_Marino Europe/Vatican Europe/Gibraltar Europe/Busingen Africa/Ceuta',
  ),
  ...group(
    EET,
    'Europe/Athens Europe/Helsinki Europe/Kyiv Europe/Kiev Europe/Bucharest Europe/Sofia Europe/Riga ' +
      'Europe/Tallinn Europe/Vilnius Europe/Chisinau Europe/Mariehamn Asia/Nicosia Europe/Nicosia Asia/Famagusta ' +
      'Asia/Beirut Africa/Cairo Africa/Tripoli Europe/Kaliningrad',
  ),
  ...group({ 180: 'MSK' }, 'Europe/Moscow Europe/Simferopol W-SU'),
  ...group({ 120: 'IST', 180: 'IDT' }, 'Asia/Jerusalem Asia/Tel_Aviv Israel'),
  ...group({ 330: 'IST' }, 'Asia/Kolkata Asia/Calcutta'),
  ['Asia/Karachi', { 300: 'PKT' }],
  ...group({ 540: 'JST' }, 'Asia/Tokyo Japan'),
  ...group({ 540: 'KST' }, 'Asia/Seoul ROK'),
  ...group({ 480: 'CST' }, 'Asia/Shanghai Asia/Chongqing Asia/Harbin PRC Asia/Taipei ROC'),
  ...group({ 480: 'HKT' }, 'Asia/Hong_Kong Hongkong'),
  ['Asia/Jakarta', { 420: 'WIB' }],
  ['Africa/Johannesburg', { 120: 'SAST' }],
  ...group({ 60: 'WAT' }, 'Africa/Lagos Africa/Kinshasa Africa/Luanda Africa/Douala Africa/Niamey'),
  ...group({ 180: 'EAT' }, 'Africa/Nairobi Africa/Addis_Ababa Africa/Dar_es_Salaam Africa/Kampala Africa/Mogadishu'),
  ...group(CAT, 'Africa/Maputo Africa/Harare Africa/Lusaka Africa/Kigali Africa/Blantyre Africa/Gaborone'),
  ...group(
    EASTERN,
    'America/New_York America/Detroit America/Toronto America/Montreal America/Nassau ' +
      'America/Indiana/Indianapolis America/Indianapolis America/Kentucky/Louisville US/Eastern EST5EDT',
  ),
  ...group(CENTRAL, 'America/Chicago America/Winnipeg America/Mexico_City US/Central CST6CDT'),
  ...group(MOUNTAIN, 'America/Denver America/Edmonton America/Boise US/Mountain MST7MDT'),
  ...group({ [-420]: 'MST' }, 'America/Phoenix US/Arizona'),
  ...group(PACIFIC, 'America/Los_Angeles America/Vancouver America/Tijuana US/Pacific PST8PDT'),
  ...group({ [-540]: 'AKST', [-480]: 'AKDT' }, 'America/Anchorage US/Alaska'),
  ...group({ [-600]: 'HST' }, 'Pacific/Honolulu US/Hawaii'),
  ...group({ [-240]: 'AST', [-180]: 'ADT' }, 'America/Halifax Atlantic/Bermuda Canada/Atlantic'),
  ['America/Puerto_Rico', { [-240]: 'AST' }],
  ...group({ [-210]: 'NST', [-150]: 'NDT' }, 'America/St_Johns Canada/Newfoundland'),
  ...group(AUSTRALIA_EAST, 'Australia/Sydney Australia/Melbourne Australia/Canberra Australia/Hobart Australia/ACT'),
  ['Australia/Brisbane', { 600: 'AEST' }],
  ['Australia/Adelaide', AUSTRALIA_CENTRAL],
  ['Australia/Darwin', { 570: 'ACST' }],
  ['Australia/Perth', { 480: 'AWST' }],
  ...group({ 720: 'NZST', 780: 'NZDT' }, 'Pacific/Auckland NZ'),
]);

/**
 * The UTC offset of `zone` at an instant, in minutes (60 for London in summer). Seconds of
 * a local mean time before standard time (London's -0:01:15 until 1847) are dropped.
 */
export function zoneOffset(zone: string, epoch: number): number {
  if (zone === 'UTC') return 0;
  const name = offsetFormat(zone)
    .formatToParts(epoch)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = name ? /([+-])(\d{2}):(\d{2})/.exec(name) : null;
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * What readers call `zone` at an instant: "GMT" or "BST" for London, "EST" or "EDT" for
 * New York, "IST" or "IDT" for Jerusalem, "UTC" for UTC; for a zone without a name in
 * common use, its offset ("UTC+4" for Dubai, "UTC+5:45" for Kathmandu).
 */
export function zoneAbbreviation(zone: string, epoch: number): string {
  const offset = zoneOffset(zone, epoch);
  const names = ABBREVIATIONS.get(zone) ?? ABBREVIATIONS.get(canonicalZone(zone));
  return names?.[offset] ?? offsetName(offset);
}

/** An offset in minutes as readers write it: "UTC", "UTC+3", "UTC-3:30", "UTC+5:45". */
export function offsetName(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const hours = Math.trunc(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${minutes < 0 ? '-' : '+'}${hours}${rest > 0 ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/** The zone as Intl spells it ("europe/london" → "Europe/London", "Etc/UTC" → "UTC"). */
function canonicalZone(zone: string): string {
  return offsetFormat(zone).resolvedOptions().timeZone;
}

/** One formatter per zone: making one costs far more than using it, and dates come by the thousand. */
function offsetFormat(zone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  return format;
}
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
