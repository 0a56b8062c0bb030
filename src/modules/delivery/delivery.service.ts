import type { DataSource } from 'typeorm';
import type { LoaderRegistry } from '../../shared/loader-registry';
import { SqlParams } from '../../shared/pagination';
import { CommitmentStatus } from '../commitment/commitment.status';
import { deliveryByObligationId } from './delivery.loaders';
import { claimAndReview, DELIVERY_STATE } from './delivery.sql';
import type { ObligationDelivery } from './delivery.types';

/** Reads of deliveries: the claim and review of each DELIVERED obligation. */
export class DeliveryService {
  constructor(private readonly db: DataSource) {}

  /** The delivery of an obligation with `status` (null unless DELIVERED), as recorded by asOf; batched over the request. */
  async of(
    loaders: LoaderRegistry,
    obligationId: string,
    status: string,
    asOf: Date | null | undefined,
  ): Promise<ObligationDelivery | null> {
    if (status !== CommitmentStatus.DELIVERED) return null;
    const loader = loaders.get(deliveryByObligationId, asOf?.toISOString() ?? null, (ids) => this.deliveries(ids, asOf));
    return (await loader.load(obligationId)) ?? null;
  }

  private async deliveries(obligationIds: readonly string[], asOf: Date | null | undefined): Promise<(ObligationDelivery | undefined)[]> {
    const params = new SqlParams();
    const ids = params.add(obligationIds);
    const actor = (sub: string, role: string, country: string) =>
      `CASE WHEN ${sub} IS NULL THEN NULL ELSE jsonb_build_object('sub', ${sub}, 'role', ${role}, 'country', ${country}) END`;
    const rows: ObligationDelivery[] = await this.db.query(
      `SELECT o.id AS "obligationId", ${DELIVERY_STATE} AS state, claim.occurred_at AS "claimedAt",
         ${actor('claim.actor_sub', 'claim.actor_role', 'claim.actor_country')} AS "claimedBy",
         review.created_at AS "reviewedAt", ${actor('review.reviewer_sub', 'review.reviewer_role', 'review.reviewer_country')} AS "reviewedBy",
         review.note, coalesce(review.evidence_ids, '{}') AS "evidenceIds"
       FROM unnest(${ids}::uuid[]) AS o(id) ${claimAndReview('o.id', asOf, params)}`,
      params.values,
    );
    const byId = new Map(rows.map((row) => [row.obligationId, row]));
    return obligationIds.map((id) => byId.get(id));
  }
}
