import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Workflow } from '../../shared/workflow';

/**
 * Everything the audit trail needs to know about one kind of tracked record. Its own
 * module owns it (`<concept>.subject.ts`) and registers it at start-up, so the audit
 * module never names a domain table.
 */
export interface SubjectDescriptor {
  /** The value events about it carry in audit_events.subject_type. */
  subjectType: string;
  /** Its GraphQL type name, which its global IDs carry. */
  typeName: string;
  /** Its table and the alias its SQL gives that table. */
  table: string;
  alias: string;
  entity: EntityTarget<ObjectLiteral>;
  /** Its status workflow; absent for records without a status. */
  workflow?: Workflow<string>;
  /** The GraphQL type of its status history entries; absent for records without a status. */
  statusChangeTypeName?: string;
  /** Tables holding its links, which its state snapshot includes. */
  linkTables: readonly string[];
  /** The snapshot member listing its countries (as { country_id, code, role }), if it has any. */
  countryLinks?: string;
  /**
   * SQL giving its whole state as JSON (its row plus its links), with $1 its id. Stored with each
   * event, it answers "as it stood then" directly; decimals as text so every language reads the hashed JSON alike.
   */
  stateSql: string;
}

const REGISTRY = new Map<string, SubjectDescriptor>();

/** Registers a tracked record type; registering the same descriptor again does nothing. */
export function registerSubject(descriptor: SubjectDescriptor): void {
  const known = REGISTRY.get(descriptor.subjectType);
  if (known === descriptor) return;
  if (known) throw new Error(`subject type ${descriptor.subjectType} is already registered by another descriptor`);
  if ([...REGISTRY.values()].some((other) => other.typeName === descriptor.typeName))
    throw new Error(`type ${descriptor.typeName} is already a tracked record`);
  REGISTRY.set(descriptor.subjectType, descriptor);
}

/** The descriptor of a registered subject type; throws for one never registered. */
export function subjectOf(subjectType: string): SubjectDescriptor {
  const descriptor = REGISTRY.get(subjectType);
  if (!descriptor) throw new Error(`no tracked record type ${subjectType} is registered`);
  return descriptor;
}

/** The descriptor of a subject type, if registered. */
export function findSubject(subjectType: string): SubjectDescriptor | undefined {
  return REGISTRY.get(subjectType);
}

/** Every registered descriptor, in registration order. */
export function registeredSubjects(): SubjectDescriptor[] {
  return [...REGISTRY.values()];
}
