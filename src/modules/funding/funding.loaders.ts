import { loaderKey } from '../../shared/loader-registry';
import type { FundingTotals, PledgedFundingTotals } from './funding.types';

/** Funding totals by project, commitment and country id, one loader per read time; the service computes them (fundingTotalsSql). */
export const fundingByProjectId = loaderKey<string, FundingTotals[]>('fundingByProjectId');
export const fundingByCommitmentId = loaderKey<string, PledgedFundingTotals[]>('fundingByCommitmentId');
export const fundingByCountryId = loaderKey<string, PledgedFundingTotals[]>('fundingByCountryId');
