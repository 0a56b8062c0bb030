import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';

@ObjectType({ simpleResolvers: true, description: 'Who made a change: the token subject (not shown to everyone, see sub), its role and, for partners, its country.' })
export class Actor {
  // ActorResolver decides who sees it.
  @Field(() => String, {
    nullable: true,
    description:
      'Token subject (a person or a system; often an e-mail address). Shown to AUDITOR and ADMIN tokens, and to a PARTNER for actors of its own country; ' +
      'null for everyone else, who see the role and country only.',
  })
  sub: string;

  @Field({ description: 'PARTNER, AUDITOR or ADMIN at the time of the change.' })
  role: string;

  @Field(() => String, { nullable: true, description: 'ISO code of the partner country acting, if any.' })
  country: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One entry of a status history: append-only, never edited.' })
export class StatusChange {
  @Field(() => Int, { description: 'Position in the audit trail (gap-free, increasing).' })
  sequence: number;

  @Field(() => String, { nullable: true, description: 'Status before the change; null for the first status.' })
  fromStatus: string | null;

  @Field({ description: 'Status after the change.' })
  toStatus: string;

  @Field(() => Int, { description: 'Version of the subject this change produced.' })
  version: number;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Link to evidence, required for delivery.' })
  evidenceUrl: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When the change took effect in the world, if it differs from when it was recorded.' })
  effectiveOn: string | null;

  @Field(() => DateTimeScalar, { description: 'Server time at which the change was recorded.' })
  recordedAt: Date;

  @Field(() => Actor)
  actor: Actor;
}
