import { BadUserInputError } from './errors';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque global IDs: base64url of "Type:uuid", so clients never rely on the row key. */
export function toGlobalId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

export function decodeGlobalId(globalId: string, argument = 'id'): { typeName: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const typeName = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !UUID.test(id) || toGlobalId(typeName, id) !== globalId) {
    throw new BadUserInputError(`Malformed ID "${globalId}" in ${argument}: not an ID this API issued`, { argument });
  }
  return { typeName, id };
}

/** Decodes an ID that must belong to one type; another type's ID is the caller's mistake. */
export function fromGlobalId(expectedType: string, globalId: string, argument = 'id'): string {
  const { typeName, id } = decodeGlobalId(globalId, argument);
  if (typeName !== expectedType) {
    throw new BadUserInputError(`ID "${globalId}" is a ${typeName} ID, but ${argument} expects a ${expectedType} ID`, { argument });
  }
  return id;
}
