import { loaderKey } from '../../shared/loader-registry';
import type { CountryScorecard } from './scorecard.types';

/** Scorecards by country id, one loader per asOf; the service computes them (scorecardSql). */
export const scorecardByCountryId = loaderKey<string, CountryScorecard>('scorecardByCountryId');
