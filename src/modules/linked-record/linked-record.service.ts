import type { DataSource } from 'typeorm';
import type { LoaderDefinition, LoaderRegistry } from '../../shared/loader-registry';
import type { Caller } from '../auth/caller';
import type { Country } from '../country/country.entity';
import type { CountryService } from '../country/country.service';
import type { Mineral } from '../mineral/mineral.entity';
import type { MineralService } from '../mineral/mineral.service';
import { AsOfSnapshot, countryLinksAsOf, findByGlobalId, findTrackedAsOf, mineralsAsOf } from '../audit/as-of';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { PartyConsent } from './consent';

// Snapshots recorded before consent and reporting existed: every link had been accepted, and none was marked reporting.
const BEFORE_CONSENT = { consent: PartyConsent.ACCEPTED, reporting: false };

/** How one kind of tracked record is read: its descriptor, its country link table and its loaders. */
export interface TrackedReadsSpec<T, L> {
  subject: SubjectDescriptor;
  countryLink: { table: string; column: string };
  /** The link rows' property naming the record, e.g. `commitmentId`. */
  ownerKey: string;
  byId: LoaderDefinition<string, T | undefined>;
  linkByKey: LoaderDefinition<string, L | undefined>;
  linksByOwnerId: LoaderDefinition<string, L[]>;
  mineralsByOwnerId: LoaderDefinition<string, Mineral[]>;
}

/** The reads every tracked record with countries and minerals has, now and as of a past instant. */
export abstract class TrackedReads<T extends { id: string }, L> {
  protected constructor(
    protected readonly db: DataSource,
    private readonly spec: TrackedReadsSpec<T, L>,
  ) {}

  /** One record by global ID; null when it matches none. */
  findById(globalId: string): Promise<T | null> {
    return findByGlobalId<T>(this.db, this.spec.subject, globalId);
  }

  /**
   * One record as it stood at asOf. FORBIDDEN, before anything of its past is shown, unless the caller
   * may read it then (a PARTNER of a country linked to it then or now); null when it matches none (or did not exist yet).
   */
  findAsOf(caller: Caller, globalId: string, asOf: Date): Promise<T | null> {
    return findTrackedAsOf<T>(this.db, caller, this.spec.subject, this.spec.countryLink, { globalId, asOf });
  }

  load(loaders: LoaderRegistry, id: string): Promise<T | undefined> {
    return loaders.use(this.spec.byId, this.db).load(id);
  }

  /** One country link by its record and country, with its country; undefined when the country is not (or no longer) linked. */
  protected loadLink(loaders: LoaderRegistry, ownerId: string, countryId: string): Promise<L | undefined> {
    return loaders.use(this.spec.linkByKey, this.db).load(`${ownerId}:${countryId}`);
  }

  /** Its country links by role then code; as recorded then, for a record rebuilt as of a past instant. */
  protected async countryLinks(loaders: LoaderRegistry, row: T & AsOfSnapshot, countries: CountryService): Promise<L[]> {
    const links = await countryLinksAsOf<L, Country>(this.spec.subject, row, {
      ownerKey: this.spec.ownerKey,
      loadCountry: (id) => countries.load(loaders, id),
      loadNow: () => loaders.use(this.spec.linksByOwnerId, this.db).load(row.id),
    });
    return row.asOfState ? links.map((link) => ({ ...BEFORE_CONSENT, ...link })) : links;
  }

  /** Its minerals by code; as recorded then, for a record rebuilt as of a past instant. */
  minerals(loaders: LoaderRegistry, row: T & AsOfSnapshot, minerals: MineralService): Promise<Mineral[]> {
    return mineralsAsOf(
      row,
      (id) => minerals.load(loaders, id),
      () => loaders.use(this.spec.mineralsByOwnerId, this.db).load(row.id),
    );
  }
}
