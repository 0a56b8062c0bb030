import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum SubjectType {
  COMMITMENT = 'COMMITMENT',
  PROJECT = 'PROJECT',
  MEMBERSHIP = 'MEMBERSHIP',
  MEETING = 'MEETING',
  ALLIANCE = 'ALLIANCE',
  EVIDENCE = 'EVIDENCE',
  STATEMENT = 'STATEMENT',
  OBLIGATION = 'OBLIGATION',
  ASSESSMENT = 'ASSESSMENT',
  TRANSACTION = 'TRANSACTION',
  ORGANISATION = 'ORGANISATION',
}

export enum AuditAction {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  LINKED = 'LINKED',
  UNLINKED = 'UNLINKED',
  /** Marks one earlier status change as mistaken and restores the status before it (changes.corrects names it). */
  STATUS_CORRECTED = 'STATUS_CORRECTED',
}

/**
 * One append-only row per change to a tracked subject. Status history is the
 * subset of events that set a status; the database refuses UPDATE and DELETE.
 */
@Entity({ name: 'audit_events' })
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' })
  sequence: number;

  @Column({ type: 'uuid', unique: true })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'subject_type', type: 'varchar' })
  subjectType: SubjectType;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'varchar' })
  action: AuditAction;

  @Column({ name: 'actor_sub', type: 'text' })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'varchar' })
  actorRole: string;

  @Column({ name: 'actor_country', type: 'varchar', nullable: true })
  actorCountry: string | null;

  @Column({ name: 'country_codes', type: 'varchar', array: true })
  countryCodes: string[];

  @Column({ name: 'from_status', type: 'varchar', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', nullable: true })
  toStatus: string | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl: string | null;

  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  state: Record<string, unknown> | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
