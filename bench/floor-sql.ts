/**
 * The floor: each workload answered by hand-written SQL that builds the JSON in
 * Postgres (json_agg), with no framework in between. What the API costs above
 * this is the price of GraphQL, validation, authorization and loaders.
 */
const HISTORY = (limit: number) => `(SELECT coalesce(json_agg(h ORDER BY h.sequence), '[]') FROM (
    SELECT e.sequence, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.occurred_at AS "recordedAt"
    FROM audit_events e WHERE e.subject_id = c.id AND e.to_status IS NOT NULL ORDER BY e.sequence DESC LIMIT ${limit}) h)`;

const PARTIES = `(SELECT coalesce(json_agg(json_build_object('role', p.role, 'country', json_build_object('code', pk.code)) ORDER BY pk.code), '[]')
    FROM commitment_parties p JOIN countries pk ON pk.id = p.country_id WHERE p.commitment_id = c.id)`;

/** W1: 50 countries, each with its first 20 commitments, their parties, minerals and 3 latest status changes. */
export const DASHBOARD_SQL = `
SELECT json_build_object('countries', coalesce(json_agg(k ORDER BY k.code), '[]'))::text AS body FROM (
  SELECT k.code, (
    SELECT coalesce(json_agg(x ORDER BY x."createdAt", x.id), '[]') FROM (
      SELECT c.id, c.title, c.status, c.created_at AS "createdAt", ${PARTIES} AS parties,
        (SELECT coalesce(json_agg(json_build_object('code', m.code) ORDER BY m.code), '[]')
          FROM commitment_minerals cm JOIN minerals m ON m.id = cm.mineral_id WHERE cm.commitment_id = c.id) AS minerals,
        ${HISTORY(3)} AS "statusHistory"
      FROM commitment_parties cp JOIN commitments c ON c.id = cp.commitment_id
      WHERE cp.country_id = k.id ORDER BY c.created_at, c.id LIMIT 20) x) AS commitments
  FROM countries k ORDER BY k.code LIMIT 50) k`;

/** W2: one commitment with its projects, meeting, parties and 10 latest status changes. */
export const DETAIL_SQL = `
SELECT json_build_object('commitment', json_build_object('id', c.id, 'title', c.title, 'status', c.status, 'version', c.version,
  'amount', c.amount::text, 'currency', c.currency, 'targetOn', c.target_on,
  'meeting', (SELECT json_build_object('title', m.title, 'startsOn', m.starts_on) FROM meetings m WHERE m.id = c.meeting_id),
  'parties', ${PARTIES},
  'projects', (SELECT coalesce(json_agg(json_build_object('name', p.name, 'status', p.status) ORDER BY p.created_at, p.id), '[]')
    FROM project_commitments pc JOIN projects p ON p.id = pc.project_id WHERE pc.commitment_id = c.id),
  'statusHistory', ${HISTORY(10)}))::text AS body
FROM commitments c WHERE c.id = $1`;

/** W3: one page of 100 audit events after a sequence number (keyset). */
export const AUDIT_PAGE_SQL = `
SELECT json_build_object('auditTrail', coalesce(json_agg(e ORDER BY e.sequence), '[]'))::text AS body FROM (
  SELECT sequence, id, occurred_at AS "occurredAt", subject_type AS "subjectType", action, actor_sub AS "actorSub", to_status AS "toStatus", hash
  FROM audit_events WHERE sequence > $1 ORDER BY sequence LIMIT 100) e`;

/** W5: one keyset batch of the export, each event as the NDJSON line's JSON (row_to_json, the fastest way Postgres has). */
export const EXPORT_BATCH_SQL = `
SELECT event.sequence, row_to_json(event)::text AS line FROM (
  SELECT sequence, id, occurred_at AS "occurredAt", subject_type AS "subjectType", subject_id AS "subjectId", action, actor_sub AS "actorSub",
    actor_role AS "actorRole", actor_country AS "actorCountry", country_codes AS "countryCodes", from_status AS "fromStatus", to_status AS "toStatus",
    version, note, evidence_url AS "evidenceUrl", effective_on AS "effectiveOn", changes, state, prev_hash AS "prevHash", hash
  FROM audit_events WHERE sequence > $1 ORDER BY sequence LIMIT 2000) event`;

/** W4: the status change itself: the versioned update, returning what the audit event needs. */
export const CHANGE_STATUS_SQL = `
UPDATE commitments c SET status = $2, version = c.version + 1, updated_at = now()
WHERE c.id = $1 AND c.version = $3
RETURNING c.version, (SELECT array_agg(k.code ORDER BY k.code) FROM commitment_parties p JOIN countries k ON k.id = p.country_id WHERE p.commitment_id = c.id) AS codes`;
