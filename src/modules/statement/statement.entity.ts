import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import type { DatePrecision } from '../provenance/approximate-date';

export enum StatementKind {
  QUOTE = 'QUOTE',
  REPORTED = 'REPORTED',
}
registerEnumType(StatementKind, {
  name: 'StatementKind',
  description: 'Whether a source quotes the speaker or reports what the speaker said in its own words.',
  valuesConfig: {
    QUOTE: { description: "A direct quote: text is the speaker's own words, as the source prints them inside quotation marks." },
    REPORTED: { description: "Reported speech: text is the source's own words about what the speaker said, verbatim." },
  },
});

export enum StatementChannel {
  REMARKS = 'REMARKS',
  POST_ON_X = 'POST_ON_X',
  PRESS_STATEMENT = 'PRESS_STATEMENT',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
  INTERVIEW = 'INTERVIEW',
  NOT_STATED = 'NOT_STATED',
}
registerEnumType(StatementChannel, {
  name: 'StatementChannel',
  description: 'How the statement was made.',
  valuesConfig: {
    REMARKS: { description: 'Spoken remarks, e.g. to reporters after a meeting.' },
    POST_ON_X: { description: 'A post on X (formerly Twitter).' },
    PRESS_STATEMENT: { description: 'A written statement or readout for the press.' },
    ANNOUNCEMENT: { description: 'A formal announcement.' },
    INTERVIEW: { description: 'An interview.' },
    NOT_STATED: { description: 'The source does not say how.' },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: 'Something a named person said, verbatim as a source gives it, with who said it, how and when, and what it concerns.',
})
@Entity({ name: 'statements' })
export class Statement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Name of the speaker, as the source gives it.' })
  @Column({ name: 'speaker_name' })
  speakerName: string;

  @Field(() => String, {
    nullable: true,
    description: "The speaker's office as the source gives it, e.g. US Treasury Secretary; null where not given.",
  })
  @Column({ name: 'speaker_title', type: 'text', nullable: true })
  speakerTitle: string | null;

  @Column({ name: 'speaker_country_id', type: 'uuid' })
  speakerCountryId: string;

  @Field(() => StatementKind, { description: 'A direct quote, or reported speech.' })
  @Column({ type: 'varchar' })
  kind: StatementKind;

  @Field({
    description:
      'What was said, verbatim. Where the source quotes one statement in parts, the parts in order, joined by " … " (each part verbatim).',
  })
  @Column()
  text: string;

  @Field(() => StatementChannel, { description: 'How it was said; NOT_STATED where the source does not say.' })
  @Column({ type: 'varchar' })
  channel: StatementChannel;

  @Column({ name: 'said_on', type: 'date', nullable: true })
  saidOnDay: string | null;

  @Column({ name: 'said_on_precision', type: 'varchar', nullable: true })
  saidOnPrecision: DatePrecision | null;

  @Column({ name: 'said_on_approximate', type: 'boolean', default: false })
  saidOnApproximate: boolean;

  @Column({ name: 'source_id', type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'text', nullable: true })
  excerpt: string | null;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  @Field(() => Int, { description: 'Starts at 1; statements are not changed once recorded.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeScalar, { description: 'When the statement was recorded in this service.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
