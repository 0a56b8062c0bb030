import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../shared/errors';
import { fromGlobalId } from '../../shared/global-id';
import { groupByKey, LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, entityJson, ListQuery, loadPage, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { Country } from '../country/country.entity';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import { MeetingFilter } from './meeting.types';

// Meetings without a known date sort last; the sentinel keeps the key non-null for cursors.
const BY_START: Ordering = {
  key: 'starts',
  expression: "coalesce(m.starts_on, 'infinity'::date)",
  sqlType: 'date',
  direction: 'ASC',
  idColumn: 'm.id',
};

export class MeetingService {
  constructor(private readonly db: DataSource) {}

  private listQuery(filter: MeetingFilter | null | undefined): ListQuery {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter?.kinds?.length) where.push(`m.kind = ANY(${params.add(filter.kinds)})`);
    if (filter?.countryCodes?.length) {
      where.push(`EXISTS (SELECT 1 FROM meeting_participants fp JOIN countries fk ON fk.id = fp.country_id
        WHERE fp.meeting_id = m.id AND fk.code = ANY(${params.add(filter.countryCodes.map((code) => code.toUpperCase()))}))`);
    }
    if (filter?.startsFrom) where.push(`m.starts_on >= ${params.add(filter.startsFrom)}::date`);
    if (filter?.startsTo) where.push(`m.starts_on <= ${params.add(filter.startsTo)}::date`);
    return { columns: entityColumns(this.db, Meeting, 'm'), from: 'meetings m', where, params, ordering: BY_START };
  }

  /** Meetings in date order, undated ones last. */
  page(filter: MeetingFilter | null | undefined, args: ConnectionArgs): Promise<Connection<Meeting>> {
    return loadPage<Meeting>(this.db, this.listQuery(filter), args);
  }

  /** One meeting by global ID; NOT_FOUND when it matches none. */
  async findById(globalId: string): Promise<Meeting> {
    const [meeting] = await rowsByIds<Meeting>(this.db, Meeting, [fromGlobalId('Meeting', globalId)]);
    if (!meeting) throw new NotFoundError('Meeting', globalId);
    return meeting;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Meeting | undefined> {
    return loaders.get('meetingById', undefined, (ids: readonly string[]) => rowsByIds<Meeting>(this.db, Meeting, ids)).load(id);
  }

  /** Participants, host first, then members and invited partners by country code. */
  participants(loaders: LoaderRegistry, meetingId: string): Promise<MeetingParticipant[]> {
    return loaders
      .get('participantsByMeetingId', undefined, async (ids: readonly string[]) => {
        const rows: MeetingParticipant[] = await this.db.query(
          `SELECT ${entityColumns(this.db, MeetingParticipant, 'p')}, ${entityJson(this.db, Country, 'k')} AS country
           FROM meeting_participants p JOIN countries k ON k.id = p.country_id
           WHERE p.meeting_id = ANY($1::uuid[])
           ORDER BY array_position(ARRAY['HOST', 'MEMBER', 'INVITED_PARTNER']::varchar[], p.role), k.code`,
          [ids],
        );
        return groupByKey(rows, 'meetingId', ids);
      })
      .load(meetingId);
  }
}
