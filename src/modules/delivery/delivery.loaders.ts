import { loaderKey } from '../../shared/loader-registry';
import type { ObligationDelivery } from './delivery.types';

/** The delivery of each DELIVERED obligation (undefined for others), one loader per asOf. */
export const deliveryByObligationId = loaderKey<string, ObligationDelivery | undefined>('deliveryByObligationId');
