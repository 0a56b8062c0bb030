import type { EntityManager } from 'typeorm';
import { idsForCodes } from '../../shared/code-lookup';
import { BadUserInputError } from '../../shared/errors';
import { rowKeyOf } from '../../shared/global-id';
import { changeOf } from '../../shared/relay-mutation';
import { insertRow } from '../../shared/versioned-row';
import { AuditAction } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Action, authorize } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { Statement } from './statement.entity';
import { AddStatementInput, AddStatementPayload } from './statement.inputs';
import { STATEMENT_SUBJECT } from './statement.subject';

/** The row id behind a global ID of `typeName` that exists in `table`; BAD_USER_INPUT naming `argument` otherwise. */
async function existingId(manager: EntityManager, typeName: string, table: string, globalId: string, argument: string): Promise<string> {
  const id = rowKeyOf(typeName, globalId, argument);
  const found = id && (await manager.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length > 0;
  if (!found) throw new BadUserInputError(`No ${typeName} has the ID given in ${argument}`, { argument });
  return id;
}

async function allianceIds(manager: EntityManager, codes: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(codes.map((code) => code.trim().toUpperCase()))];
  const rows: { id: string; code: string }[] = await manager.query('SELECT id, code FROM alliances WHERE code = ANY($1)', [wanted]);
  const unknown = wanted.filter((code) => !rows.some((row) => row.code === code));
  if (unknown.length)
    throw new BadUserInputError(`Unknown alliance code in input.allianceCodes: ${unknown.join(', ')}`, {
      argument: 'input.allianceCodes',
      unknown,
    });
  return rows.map((row) => row.id);
}

/** The rules for recording statements: a PARTNER for speakers of its own country, an ADMIN for anyone. */
export class StatementMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  add(caller: Caller, input: AddStatementInput): Promise<AddStatementPayload> {
    return this.idempotency.run(caller, Action.ADD_STATEMENT, 'addStatement', input.idempotencyKey, input, async (manager) => {
      const country = input.speakerCountryCode.toUpperCase();
      authorize(caller, Action.ADD_STATEMENT, { countryCodes: [country] });
      if (input.excerpt && !input.sourceId)
        throw new BadUserInputError('input.excerpt needs input.sourceId: an excerpt is the words of a source', {
          argument: 'input.excerpt',
        });
      const countryIds = await idsForCodes(manager, 'countries', [country], 'input.speakerCountryCode');
      const sourceId = input.sourceId ? await existingId(manager, 'Source', 'sources', input.sourceId, 'input.sourceId') : null;
      const meetingId = input.meetingId ? await existingId(manager, 'Meeting', 'meetings', input.meetingId, 'input.meetingId') : null;
      const commitmentIds: string[] = [];
      for (const [index, id] of [...new Set(input.commitmentIds)].entries())
        commitmentIds.push(await existingId(manager, 'Commitment', 'commitments', id, `input.commitmentIds[${index}]`));
      const alliances = await allianceIds(manager, input.allianceCodes);
      const statement = await insertRow<Statement>(manager, Statement, {
        speaker_name: input.speakerName,
        speaker_title: input.speakerTitle ?? null,
        speaker_country_id: countryIds.get(country),
        kind: input.kind,
        text: input.text,
        channel: input.channel,
        said_on: input.saidOn?.value ?? null,
        said_on_precision: input.saidOn?.precision ?? null,
        said_on_approximate: input.saidOn?.approximate ?? false,
        source_id: sourceId,
        excerpt: input.excerpt ?? null,
        meeting_id: meetingId,
      });
      if (commitmentIds.length)
        await manager.query('INSERT INTO statement_commitments (statement_id, commitment_id) SELECT $1, unnest($2::uuid[])', [
          statement.id,
          commitmentIds,
        ]);
      if (alliances.length)
        await manager.query('INSERT INTO statement_alliances (statement_id, alliance_id) SELECT $1, unnest($2::uuid[])', [
          statement.id,
          alliances,
        ]);
      await this.audit.record(manager, {
        subjectType: STATEMENT_SUBJECT.subjectType,
        subjectId: statement.id,
        action: AuditAction.CREATED,
        actor: caller,
        countryCodes: [country],
        version: 1,
        changes: changeOf(input),
      });
      return { statement };
    });
  }
}
