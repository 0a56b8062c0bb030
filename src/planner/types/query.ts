import type { GraphQLObjectType } from 'graphql';
import { Action, isAllowed } from '../../modules/auth/policy';
import { COMMITMENT_SUBJECT } from '../../modules/commitment/commitment.subject';
import type { AuditTrailFilter } from '../../modules/audit/audit-event.types';
import { rowKeyOf } from '../../shared/global-id';
import { connectionJson } from '../connection';
import { defineObject, objectJson } from '../object-json';
import { NotCompiled, type PlanContext } from '../plan-context';
import type { SelectedField } from '../selection';
import { commitmentList } from './commitment';

/** A service call that may refuse its arguments: the refusal is left to the resolvers, which word it. */
function orLeaveToResolvers<T>(build: () => T): T {
  try {
    return build();
  } catch {
    throw new NotCompiled('arguments the resolvers refuse');
  }
}

/** A commitment's row key from its global ID; null for another type's ID, a throw for one the resolvers refuse. */
const commitmentKey = (id: unknown) => rowKeyOf(COMMITMENT_SUBJECT.typeName, id as string);

function commitmentById(field: SelectedField, ctx: PlanContext): string {
  const { id, asOf, validOn } = field.args;
  // Past and valid-time reads have their own access rules and sources: the resolvers keep them.
  if (asOf != null || validOn != null) throw new NotCompiled('commitment with asOf or validOn');
  if (!orLeaveToResolvers(() => commitmentKey(id))) return 'NULL::json';
  const c = ctx.alias('c');
  const type = ctx.schema.getType(COMMITMENT_SUBJECT.typeName) as GraphQLObjectType;
  const key = ctx.boundParam(field, 'id', commitmentKey);
  return `(SELECT ${objectJson(ctx, type, field.node.selectionSet, c)} FROM commitments ${c} WHERE ${c}.id = ${key}::uuid)`;
}

defineObject('Query', {
  boundArguments: { commitment: { id: commitmentKey } },
  fields: {
    commitment: (field, ctx) => commitmentById(field, ctx),
    auditTrail: (field, ctx) => {
      // Refusals (FORBIDDEN) are the resolvers' to word.
      if (!isAllowed(ctx.caller, Action.READ_AUDIT_TRAIL)) throw new NotCompiled('auditTrail for a caller it refuses');
      const query = orLeaveToResolvers(() => ctx.services.auditTrail.query(field.args.filter as AuditTrailFilter | null));
      return connectionJson(ctx, field, { query, row: 'e' });
    },
    commitments: (field, ctx) => {
      // Filters (validated inputs), orders and past or valid-time reads are left to the resolvers.
      if (['filter', 'orderBy', 'asOf', 'validOn'].some((name) => field.args[name] != null))
        throw new NotCompiled('commitments with filter, orderBy, asOf or validOn');
      return connectionJson(ctx, field, { query: commitmentList(), row: 'c' });
    },
    countries: (field, ctx) => {
      const { filter, orderBy } = field.args;
      if (filter != null || orderBy != null) throw new NotCompiled('countries with filter or orderBy');
      return connectionJson(ctx, field, { query: ctx.services.countries.listQuery(null, null), row: 'k' });
    },
  },
});
