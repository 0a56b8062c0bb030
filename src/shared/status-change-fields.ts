import { IsOptional, IsUrl, MaxLength, Min } from 'class-validator';
import { IdempotentInput } from './idempotent-input';
import { Field, InputType, Int } from 'type-graphql';
import { DateScalar } from './scalars';
import { Workflow } from './workflow';

const listed = (statuses: readonly string[]) => statuses.join(' and ');

/** What a workflow requires of a status change, in words, for the descriptions of its inputs and history entries. */
export function statusChangeRequirements(workflow: Workflow<string>): { note: string; evidence: string } {
  const phrase = (statuses: readonly string[], what: string) =>
    statuses.length ? `required for ${listed(statuses)}` : `optional (no ${workflow.subject} status requires ${what})`;
  return { note: phrase(workflow.needsNote, 'a note'), evidence: phrase(workflow.needsEvidence, 'evidence') };
}

/**
 * The fields every status change carries, whatever its subject. Built per
 * workflow so the note and evidence descriptions name what that workflow
 * requires, never another subject's statuses.
 */
export function StatusChangeFields<S extends string>(workflow: Workflow<S>) {
  const requires = statusChangeRequirements(workflow);
  const note = `Why the status changes; ${requires.note}.`;
  const evidence = `Link (http or https) to evidence of the change; ${requires.evidence}.`;

  @InputType()
  abstract class Fields extends IdempotentInput {
    @Field(() => Int, { description: 'The version you read; a stale one gets CONFLICT with the current version.' })
    @Min(1)
    expectedVersion: number;

    @Field(() => String, { nullable: true, description: note })
    @IsOptional()
    @MaxLength(2000)
    note?: string | null;

    @Field(() => String, { nullable: true, description: evidence })
    @IsOptional()
    @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http(s) URL' })
    @MaxLength(2000)
    evidenceUrl?: string | null;

    @Field(() => DateScalar, { nullable: true, description: 'When the change took effect, if not today; never in the future.' })
    @IsOptional()
    effectiveOn?: string | null;
  }
  return Fields;
}
