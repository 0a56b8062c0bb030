import { SubjectType } from '../audit/audit-event.entity';
import type { SubjectDescriptor } from '../audit/subject-registry';
import { Meeting } from './meeting.entity';

/** Meetings as the audit trail tracks them: the row and its participants (meetings have no status). */
export const MEETING_SUBJECT = {
  subjectType: SubjectType.MEETING,
  typeName: 'Meeting',
  table: 'meetings',
  alias: 'm',
  entity: Meeting,
  linkTables: ['meeting_participants'],
  stateSql: `SELECT (to_jsonb(m) - 'search_vector') || jsonb_build_object(
      'participants', coalesce((SELECT jsonb_agg(jsonb_build_object('country_id', mp.country_id, 'role', mp.role, 'delegate_name', mp.delegate_name, 'delegate_title', mp.delegate_title) ORDER BY mp.country_id, mp.delegate_name)
        FROM meeting_participants mp WHERE mp.meeting_id = m.id), '[]'))
    FROM meetings m WHERE m.id = $1`,
} as const satisfies SubjectDescriptor;
