import type { EntityManager } from 'typeorm';
import { idsForCodes } from '../../shared/code-lookup';
import { BadUserInputError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { assertDateOrder, assertNotInFuture, existingId } from '../../shared/mutation-rules';
import { assertVersion, insertRow, updateVersioned } from '../../shared/versioned-row';
import { assertTransition } from '../../shared/workflow';
import { AuditAction } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Action } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { AllianceMembership, MEMBERSHIP_WORKFLOW, MembershipStatus } from './alliance-membership.entity';
import { MEMBERSHIP_SUBJECT } from './membership.subject';
import { SetAllianceMembershipPayload, SetAllianceMembershipInput } from './alliance.inputs';

const INITIAL_STATUSES = [MembershipStatus.INVITED, MembershipStatus.MEMBER];

/** The alliance and country a membership change is about, resolved and checked. */
interface MembershipTarget {
  allianceId: string;
  countryId: string;
  code: string;
  today: string;
}

async function targetOf(manager: EntityManager, input: SetAllianceMembershipInput): Promise<MembershipTarget> {
  const allianceId = await existingId(
    manager,
    'alliances',
    fromGlobalId('Alliance', input.allianceId, 'input.allianceId'),
    'input.allianceId',
  );
  const code = input.countryCode.toUpperCase();
  const countryId = (await idsForCodes(manager, 'countries', [code], 'input.countryCode')).get(code) as string;
  assertNotInFuture(input.startsOn, 'input.startsOn');
  assertNotInFuture(input.endsOn, 'input.endsOn');
  return { allianceId, countryId, code, today: new Date().toISOString().slice(0, 10) };
}

/** The membership as it is now, locked until the transaction ends; undefined when the country never had one. */
async function lockCurrent(manager: EntityManager, { allianceId, countryId }: MembershipTarget): Promise<AllianceMembership | undefined> {
  const rows = await manager.query(
    `SELECT id, status, version, since AS "startsOn", until AS "endsOn" FROM alliance_memberships WHERE alliance_id = $1 AND country_id = $2 FOR UPDATE`,
    [allianceId, countryId],
  );
  return rows[0];
}

/** Inserts a new membership; undefined when a concurrent request inserted it first. */
function insertMembership(
  manager: EntityManager,
  target: MembershipTarget,
  input: SetAllianceMembershipInput,
): Promise<AllianceMembership | undefined> {
  if (!INITIAL_STATUSES.includes(input.status)) {
    throw new BadUserInputError(`A new membership starts as INVITED or MEMBER, not ${input.status}`, { argument: 'input.status' });
  }
  return insertRow<AllianceMembership>(
    manager,
    AllianceMembership,
    {
      alliance_id: target.allianceId,
      country_id: target.countryId,
      status: input.status,
      since: input.startsOn ?? target.today,
      note: input.note ?? '',
    },
    { ifAbsent: true },
  );
}

/** Moves an existing membership along its workflow at the version the caller read. */
function changeMembership(
  manager: EntityManager,
  current: AllianceMembership,
  target: MembershipTarget,
  input: SetAllianceMembershipInput,
): Promise<AllianceMembership> {
  if (input.expectedVersion == null) {
    throw new BadUserInputError('The membership exists: pass expectedVersion (the version you read)', {
      argument: 'input.expectedVersion',
      currentVersion: current.version,
    });
  }
  assertVersion('AllianceMembership', current, input.expectedVersion);
  assertTransition(MEMBERSHIP_WORKFLOW, current.status, input);
  const leaving = input.status === MembershipStatus.FORMER;
  if (leaving) assertDateOrder(current.startsOn, input.endsOn ?? target.today, ['startsOn', 'endsOn']);
  return updateVersioned<AllianceMembership>(manager, AllianceMembership, 'AllianceMembership', current, {
    status: input.status,
    since: leaving ? current.startsOn : (input.startsOn ?? target.today),
    until: leaving ? (input.endsOn ?? target.today) : null,
    note: input.note ?? '',
  });
}

/** Alliance memberships move along their own workflow; only ADMIN changes them (declared on the mutation). */
export class AllianceMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  setMembership(caller: Caller, input: SetAllianceMembershipInput): Promise<SetAllianceMembershipPayload> {
    return this.idempotency.run(caller, Action.CHANGE_MEMBERSHIP, 'setAllianceMembership', input.idempotencyKey, input, async (manager) => {
      const target = await targetOf(manager, input);
      let current = await lockCurrent(manager, target);
      let membership: AllianceMembership | undefined;
      if (!current) {
        membership = await insertMembership(manager, target, input);
        // A concurrent request created it first: from here on this is a change to an existing membership.
        if (!membership) current = await lockCurrent(manager, target);
      }
      if (current) membership = await changeMembership(manager, current, target, input);
      // Unreachable: ON CONFLICT DO NOTHING waits for the row it met to commit, so the second read finds it.
      if (!membership) throw new Error('a membership was neither inserted nor found');
      const statusChange = await this.record(manager, caller, input, target, current, membership);
      return { membership, statusChange };
    });
  }

  private record(
    manager: EntityManager,
    caller: Caller,
    input: SetAllianceMembershipInput,
    target: MembershipTarget,
    before: AllianceMembership | undefined,
    membership: AllianceMembership,
  ) {
    return this.audit.record(manager, {
      subjectType: MEMBERSHIP_SUBJECT.subjectType,
      subjectId: membership.id,
      action: before ? AuditAction.STATUS_CHANGED : AuditAction.CREATED,
      actor: caller,
      countryCodes: [target.code],
      version: membership.version,
      fromStatus: before?.status ?? null,
      toStatus: membership.status,
      note: input.note ?? null,
      effectiveOn: input.status === MembershipStatus.FORMER ? membership.endsOn : membership.startsOn,
      changes: { allianceId: input.allianceId, countryCode: target.code },
    });
  }
}
