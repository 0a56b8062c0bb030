import type { EntityManager } from 'typeorm';
import { idsForCodes } from '../../shared/code-lookup';
import { BadUserInputError } from '../../shared/errors';
import { assertDateOrder, diffFields } from '../../shared/mutation-rules';
import { assertVersion, insertRow, lockRow, updateVersioned } from '../../shared/versioned-row';
import { changeOf } from '../../shared/relay-mutation';
import { AuditAction } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Action } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { Meeting } from './meeting.entity';
import { MEETING_SUBJECT } from './meeting.subject';
import {
  CreateMeetingInput,
  CreateMeetingPayload,
  MeetingParticipantInput,
  SetMeetingParticipantsInput,
  SetMeetingParticipantsPayload,
  UpdateMeetingInput,
  UpdateMeetingPayload,
} from './meeting.inputs';

const DATE_NAMES = ['startsOn', 'endsOn'];

async function codeOf(manager: EntityManager, countryId: string | null): Promise<string | null> {
  if (!countryId) return null;
  const [country] = await manager.query('SELECT code FROM countries WHERE id = $1', [countryId]);
  return country.code;
}

async function hostId(manager: EntityManager, code: string | null | undefined): Promise<string | null> {
  if (!code) return null;
  const ids = await idsForCodes(manager, 'countries', [code], 'input.hostCountryCode');
  return ids.get(code.toUpperCase()) ?? null;
}

/** The rules for recording meetings and who took part; only ADMIN may change them. */
export class MeetingMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  create(caller: Caller, input: CreateMeetingInput): Promise<CreateMeetingPayload> {
    return this.idempotency.run(caller, Action.CHANGE_MEETING, 'createMeeting', input.idempotencyKey, input, async (manager) => {
      assertDateOrder(input.startsOn, input.endsOn, DATE_NAMES);
      const meeting = await insertRow<Meeting>(manager, Meeting, {
        title: input.title,
        kind: input.kind,
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        city: input.city ?? null,
        host_country_id: await hostId(manager, input.hostCountryCode),
        summary: input.summary,
      });
      const codes = await this.replaceParticipants(manager, meeting.id, input.participants);
      await this.record(manager, caller, meeting, AuditAction.CREATED, codes, changeOf(input));
      return { meeting };
    });
  }

  update(caller: Caller, input: UpdateMeetingInput): Promise<UpdateMeetingPayload> {
    return this.idempotency.run(caller, Action.CHANGE_MEETING, 'updateMeeting', input.idempotencyKey, input, async (manager) => {
      const row = await lockRow<Meeting>(manager, Meeting, 'Meeting', input.meetingId, 'input.meetingId');
      assertVersion('Meeting', row, input.expectedVersion);
      const next = {
        title: input.title ?? row.title,
        kind: input.kind ?? row.kind,
        startsOn: input.startsOn === undefined ? row.startsOn : input.startsOn,
        endsOn: input.endsOn === undefined ? row.endsOn : input.endsOn,
        city: input.city === undefined ? row.city : input.city,
        hostCountryId: input.hostCountryCode === undefined ? row.hostCountryId : await hostId(manager, input.hostCountryCode),
        summary: input.summary ?? row.summary,
      };
      assertDateOrder(next.startsOn, next.endsOn, DATE_NAMES);
      const { hostCountryId: hostMoved, ...changes } = diffFields(row as unknown as Record<string, unknown>, next);
      // Auditors read countries by code, as every other event names them, not by row id.
      if (hostMoved)
        changes.hostCountryCode = {
          old: await codeOf(manager, hostMoved.old as string | null),
          new: await codeOf(manager, hostMoved.new as string | null),
        };
      if (Object.keys(changes).length === 0) return { meeting: row };
      const meeting = await updateVersioned<Meeting>(manager, Meeting, 'Meeting', row, {
        title: next.title,
        kind: next.kind,
        starts_on: next.startsOn,
        ends_on: next.endsOn,
        city: next.city,
        host_country_id: next.hostCountryId,
        summary: next.summary,
      });
      await this.record(manager, caller, meeting, AuditAction.UPDATED, await this.participantCodes(manager, meeting.id), changes);
      return { meeting };
    });
  }

  setParticipants(caller: Caller, input: SetMeetingParticipantsInput): Promise<SetMeetingParticipantsPayload> {
    return this.idempotency.run(caller, Action.CHANGE_MEETING, 'setMeetingParticipants', input.idempotencyKey, input, async (manager) => {
      const row = await lockRow<Meeting>(manager, Meeting, 'Meeting', input.meetingId, 'input.meetingId');
      assertVersion('Meeting', row, input.expectedVersion);
      const before = await this.participantCodes(manager, row.id);
      const meeting = await updateVersioned<Meeting>(manager, Meeting, 'Meeting', row, {});
      const after = await this.replaceParticipants(manager, meeting.id, input.participants);
      await this.record(manager, caller, meeting, AuditAction.UPDATED, [...new Set([...before, ...after])], {
        participants: { old: before, new: after },
      });
      return { meeting };
    });
  }

  private async replaceParticipants(manager: EntityManager, meetingId: string, participants: MeetingParticipantInput[]): Promise<string[]> {
    const codes = participants.map((p) => p.countryCode.toUpperCase());
    const keys = participants.map((p, i) => `${codes[i]}:${p.delegateName ?? ''}`);
    const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
    if (repeated)
      throw new BadUserInputError(`Participant ${repeated} is listed twice in input.participants`, { argument: 'input.participants' });
    const ids = await idsForCodes(manager, 'countries', codes, 'input.participants');
    await manager.query('DELETE FROM meeting_participants WHERE meeting_id = $1', [meetingId]);
    await manager.query(
      `INSERT INTO meeting_participants (meeting_id, country_id, role, delegate_name, delegate_title)
       SELECT $1, unnest($2::uuid[]), unnest($3::varchar[]), unnest($4::text[]), unnest($5::text[])`,
      [
        meetingId,
        codes.map((code) => ids.get(code)),
        participants.map((p) => p.role),
        participants.map((p) => p.delegateName ?? null),
        participants.map((p) => p.delegateTitle ?? null),
      ],
    );
    return [...new Set(codes)].sort();
  }

  private async participantCodes(manager: EntityManager, meetingId: string): Promise<string[]> {
    const rows: { code: string }[] = await manager.query(
      'SELECT DISTINCT k.code FROM meeting_participants p JOIN countries k ON k.id = p.country_id WHERE p.meeting_id = $1 ORDER BY k.code',
      [meetingId],
    );
    return rows.map((row) => row.code);
  }

  private record(
    manager: EntityManager,
    caller: Caller,
    meeting: Meeting,
    action: AuditAction,
    countryCodes: string[],
    changes: Record<string, unknown>,
  ) {
    return this.audit.record(manager, {
      subjectType: MEETING_SUBJECT.subjectType,
      subjectId: meeting.id,
      action,
      actor: caller,
      countryCodes,
      version: meeting.version,
      changes,
    });
  }
}
