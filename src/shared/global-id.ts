import { BadUserInputError } from './errors';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Opaque global IDs: base64url of "Type:key", so clients never rely on the row key.
 * A record keyed by two rows (a party: its commitment and its country) has "Type:key1:key2".
 */
export function toGlobalId(typeName: string, ...keys: string[]): string {
  return Buffer.from(`${typeName}:${keys.join(':')}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  typeName: string;
  /** The row key, or keys for a record keyed by two rows. */
  keys: string[];
}

/** Any ID this API issued; anything else is the caller's mistake (BAD_USER_INPUT). */
export function decodeGlobalId(globalId: string, argument = 'id'): DecodedId {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const typeName = decoded.slice(0, separator);
  const keys = decoded.slice(separator + 1).split(':');
  if (separator < 1 || keys.length > 2 || !keys.every((key) => UUID.test(key)) || toGlobalId(typeName, ...keys) !== globalId) {
    throw new BadUserInputError(`Malformed ID "${globalId}" in ${argument}: not an ID this API issued`, { argument });
  }
  return { typeName, keys };
}

/** An ID of a record with a row key of its own (not a link between two), whatever its type. */
export function decodeRecordId(globalId: string, argument = 'id'): { typeName: string; id: string } {
  const { typeName, keys } = decodeGlobalId(globalId, argument);
  if (keys.length !== 1)
    throw new BadUserInputError(`ID "${globalId}" in ${argument} names a ${typeName}, not a record with a history`, { argument });
  return { typeName, id: keys[0] };
}

/** Decodes an ID that must belong to one type; another type's ID is the caller's mistake. */
export function fromGlobalId(expectedType: string, globalId: string, argument = 'id'): string {
  const { typeName, keys } = decodeGlobalId(globalId, argument);
  if (typeName !== expectedType)
    throw new BadUserInputError(`ID "${globalId}" is a ${typeName} ID, but ${argument} expects a ${expectedType} ID`, { argument });
  if (keys.length !== 1) throw new BadUserInputError(`Malformed ID "${globalId}" in ${argument}: not an ID this API issued`, { argument });
  return keys[0];
}

/**
 * The row key of an ID looked up by a read: a malformed ID is still the caller's
 * mistake, but another type's ID simply names no such record (null), as `node` does.
 */
export function rowKeyOf(expectedType: string, globalId: string, argument = 'id'): string | null {
  const { typeName, keys } = decodeGlobalId(globalId, argument);
  return typeName === expectedType && keys.length === 1 ? keys[0] : null;
}
