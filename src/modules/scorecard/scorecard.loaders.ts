import { loaderKey } from '../../shared/loader-registry';
import type { ScorecardCounts } from './scorecard.service';

/** Scorecards by country id, one loader per asOf; the service computes them (scorecardSql). */
export const scorecardByCountryId = loaderKey<string, ScorecardCounts>('scorecardByCountryId');
