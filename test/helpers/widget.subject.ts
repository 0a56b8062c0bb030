import type { SubjectDescriptor } from '../../src/modules/audit/subject-registry';
import type { Workflow } from '../../src/shared/workflow';

/** A made-up record type with a status and one link table, to show what adding a tracked record takes. */
export const WIDGET_TABLES = `
  CREATE TABLE widgets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, status varchar NOT NULL, version int NOT NULL DEFAULT 1);
  CREATE TABLE widget_parts (widget_id uuid NOT NULL REFERENCES widgets (id), part text NOT NULL, PRIMARY KEY (widget_id, part));`;

export type WidgetStatus = 'DRAFT' | 'BUILT';

const WIDGET_WORKFLOW: Workflow<WidgetStatus> = {
  subject: 'widget',
  transitions: { DRAFT: ['BUILT'], BUILT: [] },
  needsNote: [],
  needsEvidence: ['BUILT'],
};

export const WIDGET_SUBJECT: SubjectDescriptor = {
  subjectType: 'WIDGET',
  typeName: 'Widget',
  table: 'widgets',
  alias: 'w',
  entity: 'widgets',
  workflow: WIDGET_WORKFLOW,
  linkTables: ['widget_parts'],
  stateSql: `SELECT to_jsonb(w) || jsonb_build_object(
      'parts', coalesce((SELECT jsonb_agg(wp.part ORDER BY wp.part) FROM widget_parts wp WHERE wp.widget_id = w.id), '[]'))
    FROM widgets w WHERE w.id = $1`,
};
