import { defineLoader, groupByKey } from '../../shared/loader-registry';
import { entityColumns, entityJson, rowsByIds } from '../../shared/list-query';
import { Country } from '../country/country.entity';
import { Source } from '../source/source.entity';
import { MeetingParticipant } from './meeting-participant.entity';
import { Meeting } from './meeting.entity';
import type { MeetingTopic } from './meeting.types';

export const meetingById = defineLoader<string, Meeting | undefined>('meetingById', (db) => (ids) => rowsByIds<Meeting>(db, Meeting, ids));

/** One participant by its row id, with its country. */
export const meetingParticipantById = defineLoader<string, MeetingParticipant | undefined>(
  'meetingParticipantById',
  (db) => async (ids) => {
    const rows: MeetingParticipant[] = await db.query(
      `SELECT ${entityColumns(db, MeetingParticipant, 'p')}, ${entityJson(db, Country, 'k')} AS country
     FROM meeting_participants p JOIN countries k ON k.id = p.country_id WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((key) => byId.get(key));
  },
);

/** Participants, host first, then members and invited partners by country code. */
export const participantsByMeetingId = defineLoader<string, MeetingParticipant[]>('participantsByMeetingId', (db) => async (ids) => {
  const rows: MeetingParticipant[] = await db.query(
    `SELECT ${entityColumns(db, MeetingParticipant, 'p')}, ${entityJson(db, Country, 'k')} AS country
     FROM meeting_participants p JOIN countries k ON k.id = p.country_id
     WHERE p.meeting_id = ANY($1::uuid[])
     ORDER BY array_position(ARRAY['HOST', 'MEMBER', 'INVITED_PARTNER']::varchar[], p.role), k.code`,
    [ids],
  );
  return groupByKey(rows, 'meetingId', ids);
});

/** The topics each meeting discussed, in the order recorded, each with its citations. */
export const topicsByMeetingId = defineLoader<string, MeetingTopic[]>('topicsByMeetingId', (db) => async (ids) => {
  const rows: (MeetingTopic & { meetingId: string })[] = await db.query(
    `SELECT t.meeting_id AS "meetingId", t.name,
       coalesce((SELECT json_agg(json_build_object('source', ${entityJson(db, Source, 's')}, 'excerpt', ts.excerpt) ORDER BY s.title)
         FROM meeting_topic_sources ts JOIN sources s ON s.id = ts.source_id WHERE ts.topic_id = t.id), '[]') AS sources
     FROM meeting_topics t WHERE t.meeting_id = ANY($1::uuid[]) ORDER BY t.position`,
    [ids],
  );
  return groupByKey(rows, 'meetingId', ids);
});
