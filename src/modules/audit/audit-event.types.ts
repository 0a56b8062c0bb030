import { IsOptional, Length, Matches, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import { AuditAction, SubjectType } from './audit-event.entity';
import { Actor } from './status-change.types';

registerEnumType(SubjectType, {
  name: 'AuditSubjectType',
  description: 'The kind of record an audit event is about.',
  valuesConfig: {
    COMMITMENT: { description: 'A Commitment, its parties or minerals.' },
    PROJECT: {
      description: 'A Project, its participants, organisations, minerals, budgets or results, or its links to commitments.',
    },
    MEMBERSHIP: { description: "An AllianceMembership: a country's standing in an alliance." },
    MEETING: { description: 'A Meeting or its participant list.' },
    ALLIANCE: { description: 'An Alliance.' },
    EVIDENCE: { description: 'An Evidence document: its registration, attachments and supersession.' },
    STATEMENT: { description: 'A Statement: what a named person said, as a source gives it.' },
    OBLIGATION: { description: "An Obligation: one party's share of a commitment." },
    ASSESSMENT: { description: "An Assessment: an auditor's score of one obligation, and its correction." },
    ORGANISATION: {
      description: 'An Organisation: its recording, by a user or inferred by this service (a government taken to report a project).',
    },
    TRANSACTION: { description: 'A Transaction: a flow of money of a project, recorded once (a correction is a transaction of its own).' },
  },
});
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an audit event records.',
  valuesConfig: {
    CREATED: { description: 'The record was created; changes holds the input.' },
    UPDATED: { description: 'Fields of the record changed; changes holds { field: { old, new } }.' },
    STATUS_CHANGED: { description: 'The record moved to another status; see statusChange.' },
    LINKED: { description: 'A project was linked to a commitment it delivers on, or evidence attached to a record.' },
    UNLINKED: { description: 'A link between a project and a commitment was removed.' },
    STATUS_CORRECTED: {
      description: 'An earlier status change was marked mistaken and the status before it restored; changes holds { corrects, reason }.',
    },
  },
});

@ObjectType('AuditEvent', {
  simpleResolvers: true,
  implements: Node,
  description: 'One entry of the tamper-evident audit trail. hash = SHA-256(prevHash + "\\n" + canonical JSON of the event); see README.',
})
export class AuditEventRecord {
  @Field(() => Int, { description: 'Gap-free position in the trail, from 1.' })
  sequence: number;

  /** The event's UUID (GraphQL: `uuid`; its `id` is the global ID). */
  id: string;

  @Field(() => DateTimeScalar, { description: 'Server time of the change, to the millisecond.' })
  occurredAt: Date;

  @Field(() => SubjectType, { description: 'The kind of record the event is about.' })
  subjectType: SubjectType;

  @Field(() => ID, { description: 'Global ID of the record the event is about.' })
  subjectGlobalId: string;

  @Field(() => AuditAction, { description: 'What the event records.' })
  action: AuditAction;

  @Field(() => Actor, { description: 'Who made the change.' })
  actor: Actor;

  @Field(() => [String], { description: 'ISO codes of the countries the record binds.' })
  countryCodes: string[];

  // The status the event recorded: the typed statusChange field (AuditResolver).
  fromStatus: string | null;
  toStatus: string | null;

  @Field(() => Int, { description: 'Version of the record after the change.' })
  version: number;

  @Field(() => String, { nullable: true, description: 'Note given with the change; null when none was given.' })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Link to evidence given with the change; null when none was given.' })
  evidenceUrl: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the change took effect in the world, if it differs from occurredAt.' })
  effectiveOn: string | null;

  // changes and state: resolved in AuditResolver, loaded only when asked for.

  @Field({ description: 'Hash of the previous event (64 zeros for the first).' })
  prevHash: string;

  @Field({
    description: 'SHA-256 of prevHash and this event, 64 lowercase hex digits; a changed event or a broken link shows in verifyAuditTrail.',
  })
  hash: string;
}

export const AuditEventConnection = ConnectionType(AuditEventRecord, 'AuditEvent');

@InputType({ description: 'Narrows the audit trail; all given conditions must hold.' })
export class AuditTrailFilter {
  @Field(() => [SubjectType], { nullable: true, description: 'Events about any of these kinds of record.' })
  @IsOptional()
  subjectTypes?: SubjectType[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Events about this one record (commitment, project, membership, meeting, alliance), by the global ID that AuditEvent.subjectGlobalId gives.',
  })
  @IsOptional()
  subjectGlobalId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Events about records binding any of these countries.' })
  @IsOptional()
  countryCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Token subjects (sub) who made the changes.' })
  @IsOptional()
  actors?: string[] | null;

  @Field(() => [AuditAction], { nullable: true, description: 'Events recording any of these actions.' })
  @IsOptional()
  actions?: AuditAction[] | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Events whose occurredAt is at or after this instant.' })
  @IsOptional()
  occurredAtFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Events whose occurredAt is at or before this instant.' })
  @IsOptional()
  occurredAtTo?: Date | null;
}

@InputType({ description: 'A checkpoint kept from an earlier auditCheckpoint call.' })
export class CheckpointInput {
  @Field(() => Int, { description: 'headSequence as returned.' })
  @Min(0)
  headSequence: number;

  @Field({ description: 'headHash as returned (64 lowercase hex digits).' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'headHash must be 64 lowercase hex digits' })
  headHash: string;

  @Field(() => DateTimeScalar, { description: 'createdAt as returned (the instant is part of the signed message).' })
  createdAt: Date;

  @Field({ description: 'Base64 Ed25519 signature as returned.' })
  @Length(1, 200)
  signature: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A signed statement of the trail head, like a Certificate Transparency signed tree head.',
})
export class AuditCheckpoint {
  @Field(() => Int, { description: 'Sequence of the last event in the trail when the checkpoint was made (0 for an empty trail).' })
  headSequence: number;

  @Field({ description: 'Hash of that event: 64 lowercase hex digits, all zeros for an empty trail.' })
  headHash: string;

  @Field(() => DateTimeScalar, { description: 'When the checkpoint was made, to the millisecond; part of the signed message.' })
  createdAt: string;

  @Field({ description: 'Base64 Ed25519 signature over `message`.' })
  signature: string;

  @Field({ description: 'The Ed25519 public key (PEM, SPKI) that verifies the signature.' })
  publicKey: string;

  @Field({ description: 'The exact text signed: "audit-checkpoint:v1\\nheadSequence=…\\nheadHash=…\\ncreatedAt=…\\n".' })
  message: string;
}

@ObjectType({ simpleResolvers: true, description: 'The result of re-computing the hash chain.' })
export class AuditVerification {
  @Field({ description: 'True when every checked event, and the checkpoint if given, hold.' })
  ok: boolean;

  @Field(() => Int, { description: 'How many events were re-hashed.' })
  checkedEvents: number;

  @Field(() => Int, { nullable: true, description: 'The first sequence whose hash, link or position does not hold.' })
  firstBrokenSequence: number | null;

  @Field(() => Int, { description: 'Sequence of the last event in the trail at the time of the check.' })
  headSequence: number;

  @Field({ description: 'Hash of that event: 64 lowercase hex digits, all zeros for an empty trail.' })
  headHash: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether the given checkpoint carries a valid signature of this server.' })
  checkpointSignatureValid: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the given checkpoint is still a prefix of the trail (nothing truncated or rewritten).',
  })
  checkpointIsPrefix: boolean | null;
}
