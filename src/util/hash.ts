import { createHash, hash as cryptoHash } from 'node:crypto';

/**
 * Hex SHA-256 of a string (as UTF-8) or bytes. Node's one-shot `crypto.hash` (20.12 and
 * later) is about three times faster than a Hash object for the small inputs of page keys,
 * of which a large archive has tens of thousands.
 */
export const sha256: (data: string | Uint8Array) => string =
  typeof cryptoHash === 'function'
    ? (data) => cryptoHash('sha256', data, 'hex')
    : (data) => createHash('sha256').update(data).digest('hex');
