import type { DataSource } from 'typeorm';
import { rowKeyOf } from '../../shared/global-id';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, ListQuery, loadPage, rowsByIds } from '../../shared/list-query';
import { Connection, ConnectionArgs, Ordering, SqlParams } from '../../shared/pagination';
import { fullTextMatch, searchTerm } from '../../shared/full-text';
import { orderingFor, SortDirection, SortKey } from '../../shared/sorting';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import { meetingById, meetingParticipantById, participantsByMeetingId, topicsByMeetingId } from './meeting.loaders';
import { MeetingFilter, MeetingOrder, MeetingOrderField, MeetingTopic } from './meeting.types';

// Meeting cursors issued before sorting existed used the key "starts" for START_DATE ASC; orderingFor keeps it.
const SORT_KEYS: Record<MeetingOrderField, SortKey> = {
  START_DATE: { name: 'starts', column: 'm.starts_on', sqlType: 'date', nullable: true },
  TITLE: { name: 'title', column: 'm.title', sqlType: 'text' },
};
const DEFAULT_ORDER: MeetingOrder = { field: MeetingOrderField.START_DATE, direction: SortDirection.ASC };

const orderingOf = (order: MeetingOrder): Ordering => orderingFor(SORT_KEYS[order.field], order.direction ?? SortDirection.ASC, 'm.id');

export class MeetingService {
  constructor(private readonly db: DataSource) {}

  private listQuery(filter: MeetingFilter | null | undefined, orderBy: MeetingOrder | null | undefined): ListQuery {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter?.kinds?.length) where.push(`m.kind = ANY(${params.add(filter.kinds)})`);
    if (filter?.countryCodes?.length) {
      where.push(`EXISTS (SELECT 1 FROM meeting_participants fp JOIN countries fk ON fk.id = fp.country_id
        WHERE fp.meeting_id = m.id AND fk.code = ANY(${params.add(filter.countryCodes.map((code) => code.toUpperCase()))}))`);
    }
    if (filter?.startsOnFrom) where.push(`m.starts_on >= ${params.add(filter.startsOnFrom)}::date`);
    if (filter?.startsOnTo) where.push(`m.starts_on <= ${params.add(filter.startsOnTo)}::date`);
    const term = searchTerm(filter?.search);
    const match = term ? fullTextMatch('m.search_vector', term, params, 'm.id') : undefined;
    if (match) where.push(match.condition);
    const ordering = !orderBy && match ? match.byRank : orderingOf(orderBy ?? DEFAULT_ORDER);
    return { columns: entityColumns(this.db, Meeting, 'm'), from: 'meetings m', where, params, ordering };
  }

  /** Meetings in the order asked for (default: date order with undated ones last, or most relevant first when searching). */
  page(
    filter: MeetingFilter | null | undefined,
    orderBy: MeetingOrder | null | undefined,
    args: ConnectionArgs,
  ): Promise<Connection<Meeting>> {
    return loadPage<Meeting>(this.db, this.listQuery(filter, orderBy), args);
  }

  /** One meeting by global ID; null when it matches none. */
  async findById(globalId: string): Promise<Meeting | null> {
    const id = rowKeyOf('Meeting', globalId);
    if (!id) return null;
    const [meeting] = await rowsByIds<Meeting>(this.db, Meeting, [id]);
    return meeting ?? null;
  }

  load(loaders: LoaderRegistry, id: string): Promise<Meeting | undefined> {
    return loaders.use(meetingById, this.db).load(id);
  }

  /** One participant by its row id, with its country. */
  loadParticipant(loaders: LoaderRegistry, id: string): Promise<MeetingParticipant | undefined> {
    return loaders.use(meetingParticipantById, this.db).load(id);
  }

  /** Participants, host first, then members and invited partners by country code. */
  participants(loaders: LoaderRegistry, meetingId: string): Promise<MeetingParticipant[]> {
    return loaders.use(participantsByMeetingId, this.db).load(meetingId);
  }

  /** What the meeting discussed, as the reports name it, in the order recorded. */
  topics(loaders: LoaderRegistry, meetingId: string): Promise<MeetingTopic[]> {
    return loaders.use(topicsByMeetingId, this.db).load(meetingId);
  }
}
