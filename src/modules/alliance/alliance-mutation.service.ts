import { idsForCodes } from '../../shared/code-lookup';
import { BadUserInputError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { assertDateOrder, assertNotInFuture, existingId } from '../../shared/mutation-rules';
import { assertVersion, insertRow, updateVersioned } from '../../shared/versioned-row';
import { assertTransition } from '../../shared/workflow';
import { AuditAction, SubjectType } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Action } from '../auth/policy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { AllianceMembership, MEMBERSHIP_WORKFLOW, MembershipStatus } from './alliance-membership.entity';
import { SetAllianceMembershipPayload, SetAllianceMembershipInput } from './alliance.inputs';

const INITIAL_STATUSES = [MembershipStatus.INVITED, MembershipStatus.MEMBER];

/** Alliance memberships move along their own workflow; only ADMIN changes them. */
export class AllianceMutationService {
  constructor(
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  setMembership(caller: Caller, input: SetAllianceMembershipInput): Promise<SetAllianceMembershipPayload> {
    return this.idempotency.run(caller, Action.CHANGE_MEMBERSHIP, 'setAllianceMembership', input.idempotencyKey, input, async (manager) => {
      const allianceId = await existingId(manager, 'alliances', fromGlobalId('Alliance', input.allianceId, 'input.allianceId'), 'input.allianceId');
      const code = input.countryCode.toUpperCase();
      const countryId = (await idsForCodes(manager, 'countries', [code], 'input.countryCode')).get(code);
      const today = new Date().toISOString().slice(0, 10);
      assertNotInFuture(input.startsOn, 'input.startsOn');
      assertNotInFuture(input.endsOn, 'input.endsOn');
      const currentMembership = async (): Promise<AllianceMembership | undefined> =>
        (
          await manager.query(`SELECT id, status, version, since AS "startsOn", until AS "endsOn" FROM alliance_memberships WHERE alliance_id = $1 AND country_id = $2 FOR UPDATE`, [
            allianceId,
            countryId,
          ])
        )[0];
      let current = await currentMembership();
      let membership: AllianceMembership | undefined;
      if (!current) {
        if (!INITIAL_STATUSES.includes(input.status)) {
          throw new BadUserInputError(`A new membership starts as INVITED or MEMBER, not ${input.status}`, { argument: 'input.status' });
        }
        membership = await insertRow<AllianceMembership>(
          manager,
          AllianceMembership,
          { alliance_id: allianceId, country_id: countryId, status: input.status, since: input.startsOn ?? today, note: input.note ?? '' },
          { ifAbsent: true },
        );
        // A concurrent request created it first: from here on this is a change to an existing membership.
        if (!membership) current = await currentMembership();
      }
      if (current) {
        if (input.expectedVersion == null) {
          throw new BadUserInputError('The membership exists: pass expectedVersion (the version you read)', { argument: 'input.expectedVersion', currentVersion: current.version });
        }
        assertVersion('AllianceMembership', current, input.expectedVersion);
        assertTransition(MEMBERSHIP_WORKFLOW, current.status, input);
        const leaving = input.status === MembershipStatus.FORMER;
        if (leaving) assertDateOrder(current.startsOn, input.endsOn ?? today, ['startsOn', 'endsOn']);
        membership = await updateVersioned<AllianceMembership>(manager, AllianceMembership, 'AllianceMembership', current, {
          status: input.status,
          since: leaving ? current.startsOn : input.startsOn ?? today,
          until: leaving ? input.endsOn ?? today : null,
          note: input.note ?? '',
        });
      }
      // Unreachable: ON CONFLICT DO NOTHING waits for the row it met to commit, so the second read finds it.
      if (!membership) throw new Error('a membership was neither inserted nor found');
      const statusChange = await this.audit.record(manager, {
        subjectType: SubjectType.MEMBERSHIP,
        subjectId: membership.id,
        action: current ? AuditAction.STATUS_CHANGED : AuditAction.CREATED,
        actor: caller,
        countryCodes: [code],
        version: membership.version,
        fromStatus: current?.status ?? null,
        toStatus: membership.status,
        note: input.note ?? null,
        effectiveOn: input.status === MembershipStatus.FORMER ? membership.endsOn : membership.startsOn,
        changes: { allianceId: input.allianceId, countryCode: code },
      });
      return { membership, statusChange };
    });
  }
}
