import type { DataSource } from 'typeorm';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, entityJson, rowsByIds } from '../../shared/list-query';
import { Country } from '../country/country.entity';
import { AllianceMembership } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';

export class AllianceService {
  constructor(private readonly db: DataSource) {}

  all(): Promise<Alliance[]> {
    return this.db.query(`SELECT ${entityColumns(this.db, Alliance, 'a')} FROM alliances a ORDER BY a.name`);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Alliance | undefined> {
    return loaders.get('allianceById', undefined, (ids: readonly string[]) => rowsByIds<Alliance>(this.db, Alliance, ids)).load(id);
  }

  loadMembership(loaders: LoaderRegistry, id: string): Promise<AllianceMembership | undefined> {
    return loaders
      .get('membershipById', undefined, (ids: readonly string[]) => rowsByIds<AllianceMembership>(this.db, AllianceMembership, ids))
      .load(id);
  }

  private memberships(loaders: LoaderRegistry, by: 'countryId' | 'allianceId', id: string): Promise<AllianceMembership[]> {
    const column = by === 'countryId' ? 'country_id' : 'alliance_id';
    return loaders
      .get(`membershipsBy${by}`, undefined, async (ids: readonly string[]) => {
        const rows: AllianceMembership[] = await this.db.query(
          `SELECT ${entityColumns(this.db, AllianceMembership, 'am')}, ${entityJson(this.db, Alliance, 'a')} AS alliance,
             ${entityJson(this.db, Country, 'k')} AS country
           FROM alliance_memberships am
           JOIN alliances a ON a.id = am.alliance_id JOIN countries k ON k.id = am.country_id
           WHERE am.${column} = ANY($1::uuid[]) ORDER BY a.name, k.code`,
          [ids],
        );
        return groupByKey(rows, by, ids);
      })
      .load(id);
  }

  /** A country's standing in every alliance it is related to. */
  membershipsOfCountry(loaders: LoaderRegistry, countryId: string): Promise<AllianceMembership[]> {
    return this.memberships(loaders, 'countryId', countryId);
  }

  membershipsOfAlliance(loaders: LoaderRegistry, allianceId: string): Promise<AllianceMembership[]> {
    return this.memberships(loaders, 'allianceId', allianceId);
  }
}
