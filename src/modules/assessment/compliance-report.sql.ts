/** The compliance report's one statement: every cell, and the averages per commitment, per member and overall (GROUPING SETS). */
import type { SqlParams } from '../../shared/pagination';
import { countedObligations } from '../obligation/obligation.sql';
import type { AssessmentKind } from './assessment.entity';
import { countedAssessments, percentOf } from './assessment.sql';

/**
 * Rows of the matrix of a meeting's commitments × their members (counted obligations as they stand),
 * scored with the counted assessments of `kind`: a cell (commitment and member set), a commitment's
 * average (member null), a member's (commitment null) or the overall one (both null).
 */
export function complianceMatrixSql(meetingId: string, kind: AssessmentKind, params: SqlParams): string {
  return `WITH cells AS (
      SELECT c.id AS commitment_id, c.title, k.code, k.name, ca.score
      FROM (${countedObligations(null, params)}) ob
      JOIN commitments c ON c.id = ob.commitment_id
      JOIN countries k ON k.id = ob.country_id
      LEFT JOIN (${countedAssessments(null, params, kind)}) ca ON ca.obligation_id = ob.id
      WHERE c.meeting_id = ${params.add(meetingId)})
    SELECT commitment_id AS "commitmentId", title, code, name, max(score) AS score, count(score)::int AS count,
      avg(score)::float8 AS average, ${percentOf('avg(score)')}::float8 AS percent
    FROM cells GROUP BY GROUPING SETS ((commitment_id, title, code, name), (commitment_id, title), (code, name), ())
    ORDER BY title, "commitmentId", code`;
}
