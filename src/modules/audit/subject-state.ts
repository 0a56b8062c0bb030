import { SubjectType } from './audit-event.entity';

/**
 * SQL giving a subject's whole state as JSON (its row plus its links), with $1 the
 * subject id. Stored with each event, it answers "as it stood then" directly.
 * Decimals are rendered as text so every language reads the hashed JSON alike.
 */
export const SUBJECT_STATE_SQL: Record<SubjectType, string> = {
  [SubjectType.COMMITMENT]: `SELECT (to_jsonb(c) - 'search_vector') || jsonb_build_object(
      'amount', c.amount::text,
      'parties', coalesce((SELECT jsonb_agg(jsonb_build_object('country_id', p.country_id, 'code', k.code, 'role', p.role) ORDER BY k.code)
        FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE p.commitment_id = c.id), '[]'),
      'mineral_ids', coalesce((SELECT jsonb_agg(cm.mineral_id ORDER BY cm.mineral_id) FROM commitment_minerals cm WHERE cm.commitment_id = c.id), '[]'))
    FROM commitments c WHERE c.id = $1`,
  [SubjectType.PROJECT]: `SELECT (to_jsonb(p) - 'search_vector') || jsonb_build_object(
      'budget_amount', p.budget_amount::text,
      'participants', coalesce((SELECT jsonb_agg(jsonb_build_object('country_id', pp.country_id, 'code', k.code, 'role', pp.role) ORDER BY k.code)
        FROM project_participants pp JOIN countries k ON k.id = pp.country_id WHERE pp.project_id = p.id), '[]'),
      'mineral_ids', coalesce((SELECT jsonb_agg(pm.mineral_id ORDER BY pm.mineral_id) FROM project_minerals pm WHERE pm.project_id = p.id), '[]'),
      'commitment_ids', coalesce((SELECT jsonb_agg(pc.commitment_id ORDER BY pc.commitment_id) FROM project_commitments pc WHERE pc.project_id = p.id), '[]'))
    FROM projects p WHERE p.id = $1`,
  [SubjectType.MEMBERSHIP]: `SELECT to_jsonb(m) FROM alliance_memberships m WHERE m.id = $1`,
  [SubjectType.MEETING]: `SELECT (to_jsonb(m) - 'search_vector') || jsonb_build_object(
      'participants', coalesce((SELECT jsonb_agg(jsonb_build_object('country_id', mp.country_id, 'role', mp.role, 'delegate_name', mp.delegate_name, 'delegate_title', mp.delegate_title) ORDER BY mp.country_id, mp.delegate_name)
        FROM meeting_participants mp WHERE mp.meeting_id = m.id), '[]'))
    FROM meetings m WHERE m.id = $1`,
  [SubjectType.ALLIANCE]: `SELECT to_jsonb(a) FROM alliances a WHERE a.id = $1`,
};
