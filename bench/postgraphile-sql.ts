/**
 * What a PostGraphile user would add to reach the same data as the API's W1–W3
 * queries: SQL functions as computed columns, in a schema of their own so that
 * nothing is written into the API's schema. PostGraphile exposes a STABLE
 * function whose first argument is a table row, named `<table>_<field>`, as a
 * field of that table's type; a `SETOF` function becomes a connection (first,
 * last, after, before). Each orders its rows as the API orders the same list.
 * The benchmark drops and recreates that schema before PostGraphile starts, so
 * it always holds exactly these functions; `DROP SCHEMA postgraphile_bench CASCADE`
 * removes them.
 */
export const POSTGRAPHILE_SCHEMA = 'postgraphile_bench';

export const POSTGRAPHILE_FUNCTIONS_SQL = `
DROP SCHEMA IF EXISTS ${POSTGRAPHILE_SCHEMA} CASCADE;
CREATE SCHEMA ${POSTGRAPHILE_SCHEMA};

-- Country.commitments: the commitments a country is a party to, oldest first.
CREATE FUNCTION ${POSTGRAPHILE_SCHEMA}.countries_commitments(k public.countries) RETURNS SETOF public.commitments
LANGUAGE sql STABLE AS $$
  SELECT c.* FROM public.commitment_parties cp JOIN public.commitments c ON c.id = cp.commitment_id
  WHERE cp.country_id = k.id ORDER BY c.created_at, c.id
$$;

-- Commitment.parties: its parties, by role, then country code.
CREATE FUNCTION ${POSTGRAPHILE_SCHEMA}.commitments_parties(c public.commitments) RETURNS SETOF public.commitment_parties
LANGUAGE sql STABLE AS $$
  SELECT p.* FROM public.commitment_parties p JOIN public.countries k ON k.id = p.country_id
  WHERE p.commitment_id = c.id ORDER BY p.role, k.code
$$;

-- Commitment.minerals: its minerals, by code.
CREATE FUNCTION ${POSTGRAPHILE_SCHEMA}.commitments_minerals(c public.commitments) RETURNS SETOF public.minerals
LANGUAGE sql STABLE AS $$
  SELECT m.* FROM public.commitment_minerals cm JOIN public.minerals m ON m.id = cm.mineral_id
  WHERE cm.commitment_id = c.id ORDER BY m.code
$$;

-- Commitment.projects: the projects that carry it, oldest first.
CREATE FUNCTION ${POSTGRAPHILE_SCHEMA}.commitments_projects(c public.commitments) RETURNS SETOF public.projects
LANGUAGE sql STABLE AS $$
  SELECT p.* FROM public.project_commitments pc JOIN public.projects p ON p.id = pc.project_id
  WHERE pc.commitment_id = c.id ORDER BY p.created_at, p.id
$$;

-- Commitment.statusHistory(latest: n): its status changes from the audit trail in the order they happened,
-- the latest n of them (all when n is null). PostGraphile offers no \`last\` on a function's connection.
CREATE FUNCTION ${POSTGRAPHILE_SCHEMA}.commitments_status_history(c public.commitments, latest integer DEFAULT NULL)
RETURNS SETOF public.audit_events LANGUAGE sql STABLE AS $$
  SELECT h.* FROM (
    SELECT e.* FROM public.audit_events e WHERE e.subject_id = c.id AND e.to_status IS NOT NULL ORDER BY e.sequence DESC LIMIT latest
  ) h ORDER BY h.sequence
$$;
`;
