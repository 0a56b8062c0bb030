/**
 * The SQL of the IATI export: a page of exportable projects (keyset on id), then each part of
 * their activities for the whole page at once, so an export runs a fixed number of statements
 * per page whatever the page holds.
 */
import { SqlParams } from '../../shared/pagination';
import { acceptedParticipant } from '../project/project.sql';

/** IATI's activity-status codes of the project statuses (the statuses follow IATI's codelist). */
export const ACTIVITY_STATUS_CODES: Readonly<Record<string, string>> = {
  PIPELINE: '1',
  IMPLEMENTATION: '2',
  FINALISATION: '3',
  CLOSED: '4',
  CANCELLED: '5',
  SUSPENDED: '6',
};

/**
 * What IATI requires of an activity and a project may lack: an identifier, a reporting
 * organisation, a date, and an organisation taking part (accepted). Projects without them are
 * left out of the export.
 */
export const EXPORTABLE = `p.iati_identifier IS NOT NULL AND p.reporting_organisation_id IS NOT NULL
  AND (p.starts_on IS NOT NULL OR p.ends_on IS NOT NULL)
  AND EXISTS (SELECT 1 FROM project_organisations xo WHERE xo.project_id = p.id AND xo.consent = 'ACCEPTED')`;

/** A page of projects after `after` (a project id), with their reporting organisation; all projects the conditions name, or only exportable ones. */
export function projectPageSql(where: string[], params: SqlParams, after: string | null, size: number, exportableOnly = true): string {
  const conditions = exportableOnly ? [EXPORTABLE, ...where] : [...where];
  if (after) conditions.push(`p.id > ${params.add(after)}::uuid`);
  return `SELECT p.id, p.iati_identifier AS identifier, p.name, p.description, p.status,
      p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn",
      ro.iati_identifier AS "reportingRef", ro.organisation_type AS "reportingType", ro.name AS "reportingName"
    FROM projects p LEFT JOIN organisations ro ON ro.id = p.reporting_organisation_id
    WHERE ${conditions.join(' AND ') || 'true'} ORDER BY p.id LIMIT ${params.add(size)}`;
}

/** Each part of the page's activities; `$1` is the page's project ids. */
export const PART_SQL = {
  participatingOrgs: `SELECT po.project_id AS "projectId", o.iati_identifier AS ref, o.organisation_type AS type, o.name, po.role
    FROM project_organisations po JOIN organisations o ON o.id = po.organisation_id
    WHERE po.project_id = ANY($1::uuid[]) AND po.consent = 'ACCEPTED' ORDER BY po.project_id, po.position`,
  // The countries that carry the work out (IMPLEMENTER) are where the activity takes place.
  recipientCountries: `SELECT pp.project_id AS "projectId", k.code
    FROM project_participants pp JOIN countries k ON k.id = pp.country_id
    WHERE pp.project_id = ANY($1::uuid[]) AND pp.role = 'IMPLEMENTER' AND ${acceptedParticipant('pp')} ORDER BY pp.project_id, k.code`,
  budgets: `SELECT project_id AS "projectId", budget_type AS type, budget_status AS status, period_start::text AS "periodStart",
      period_end::text AS "periodEnd", value::text AS amount, currency, value_date::text AS "valueDate"
    FROM budgets WHERE project_id = ANY($1::uuid[]) ORDER BY project_id, position`,
  // A corrected transaction is replaced by its correction: only transactions nothing corrects are current.
  transactions: `SELECT t.project_id AS "projectId", t.reference AS ref, t.transaction_type AS type, t.transaction_date::text AS date,
      t.value::text AS amount, t.currency, t.value_date::text AS "valueDate", t.description,
      po.iati_identifier AS "providerRef", po.organisation_type AS "providerType", coalesce(t.provider_narrative, po.name) AS "providerName",
      ro.iati_identifier AS "receiverRef", ro.organisation_type AS "receiverType", coalesce(t.receiver_narrative, ro.name) AS "receiverName",
      (t.provider_organisation_id IS NOT NULL OR t.provider_narrative IS NOT NULL) AS "hasProvider",
      (t.receiver_organisation_id IS NOT NULL OR t.receiver_narrative IS NOT NULL) AS "hasReceiver"
    FROM transactions t
    LEFT JOIN organisations po ON po.id = t.provider_organisation_id
    LEFT JOIN organisations ro ON ro.id = t.receiver_organisation_id
    WHERE t.project_id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM transactions c WHERE c.corrects_id = t.id)
    ORDER BY t.project_id, t.transaction_date, t.recorded_at, t.id`,
  results: `SELECT project_id AS "projectId", id, result_type AS type, title, description
    FROM results WHERE project_id = ANY($1::uuid[]) ORDER BY project_id, position`,
  indicators: `SELECT i.result_id AS "resultId", i.id, i.measure, i.ascending, i.title, i.description, i.baseline_year AS "baselineYear",
      i.baseline_date::text AS "baselineDate", i.baseline_value::text AS "baselineValue", i.baseline_comment AS "baselineComment"
    FROM result_indicators i JOIN results r ON r.id = i.result_id WHERE r.project_id = ANY($1::uuid[]) ORDER BY i.result_id, i.position`,
  periods: `SELECT ip.indicator_id AS "indicatorId", ip.period_start::text AS "periodStart", ip.period_end::text AS "periodEnd",
      ip.target_value::text AS "targetValue", ip.target_comment AS "targetComment", ip.actual_value::text AS "actualValue",
      ip.actual_comment AS "actualComment"
    FROM result_indicator_periods ip JOIN result_indicators i ON i.id = ip.indicator_id JOIN results r ON r.id = i.result_id
    WHERE r.project_id = ANY($1::uuid[]) ORDER BY ip.indicator_id, ip.position`,
  // Evidence in force (not superseded) attached to the project.
  documentLinks: `SELECT a.subject_id AS "projectId", d.id, d.title, d.url, d.document_category AS category, d.language,
      d.published_on::text AS "publishedOn", d.media_type AS "mediaType"
    FROM evidence_attachments a JOIN evidence_documents d ON d.id = a.evidence_id
    WHERE a.subject_type = 'PROJECT' AND a.subject_id = ANY($1::uuid[]) AND d.superseded_at IS NULL
    ORDER BY a.subject_id, d.published_on, d.id`,
} as const;
