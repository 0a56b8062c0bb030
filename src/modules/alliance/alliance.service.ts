import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, entityJson, ListQuery, loadPage, loadPageByParent, NestedListKey } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { AllianceMembership } from './alliance-membership.entity';
import { Alliance } from './alliance.entity';
import { allianceById, membershipById, membershipsByAllianceId, membershipsByCountryId } from './alliance.loaders';

const BY_NAME: Ordering = { key: 'name', expression: 'a.name', sqlType: 'text', direction: 'ASC', idColumn: 'a.id' };

/** A list of memberships under one kind of parent: what joins it to the parent, and the order within a parent. */
interface MembershipParent {
  loader: NestedListKey<AllianceMembership>;
  parentExpression: string;
  ordering: Ordering;
}

const BY_COUNTRY: MembershipParent = {
  loader: membershipsByCountryId,
  parentExpression: 'am.country_id',
  ordering: { key: 'alliance', expression: 'a.name', sqlType: 'text', direction: 'ASC', idColumn: 'am.id' },
};
const BY_ALLIANCE: MembershipParent = {
  loader: membershipsByAllianceId,
  parentExpression: 'am.alliance_id',
  ordering: { key: 'country', expression: 'k.code', sqlType: 'text', direction: 'ASC', idColumn: 'am.id' },
};

export class AllianceService {
  constructor(private readonly db: DataSource) {}

  /** Every alliance, by name. */
  page(args: ConnectionArgs): Promise<Connection<Alliance>> {
    const query: ListQuery = {
      columns: entityColumns(this.db, Alliance, 'a'),
      from: 'alliances a',
      where: [],
      params: new SqlParams(),
      ordering: BY_NAME,
    };
    return loadPage<Alliance>(this.db, query, args);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Alliance | undefined> {
    return loaders.use(allianceById, this.db).load(id);
  }

  loadMembership(loaders: LoaderRegistry, id: string): Promise<AllianceMembership | undefined> {
    return loaders.use(membershipById, this.db).load(id);
  }

  /** A page of memberships for every parent of the request in one statement, alliance and country embedded. */
  private memberships(
    loaders: LoaderRegistry,
    parent: MembershipParent,
    parentId: string,
    args: ConnectionArgs,
  ): Promise<Connection<AllianceMembership>> {
    const query: ListQuery = {
      columns: `${entityColumns(this.db, AllianceMembership, 'am')}, ${entityJson(this.db, Alliance, 'a')} AS alliance, ${entityJson(this.db, Country, 'k')} AS country`,
      from: 'alliance_memberships am JOIN alliances a ON a.id = am.alliance_id JOIN countries k ON k.id = am.country_id',
      where: [],
      params: new SqlParams(),
      ordering: parent.ordering,
    };
    return loadPageByParent<AllianceMembership>(
      this.db,
      loaders,
      { loader: parent.loader, query, parentExpression: parent.parentExpression },
      parentId,
      args,
    );
  }

  /** A country's standing in every alliance it is related to, by alliance name. */
  membershipsOfCountry(loaders: LoaderRegistry, countryId: string, args: ConnectionArgs): Promise<Connection<AllianceMembership>> {
    return this.memberships(loaders, BY_COUNTRY, countryId, args);
  }

  /** An alliance's members, invitees and former members, by country code. */
  membershipsOfAlliance(loaders: LoaderRegistry, allianceId: string, args: ConnectionArgs): Promise<Connection<AllianceMembership>> {
    return this.memberships(loaders, BY_ALLIANCE, allianceId, args);
  }
}
