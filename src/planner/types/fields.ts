import { globalIdSql, jsonObject } from '../json-sql';
import { objectJson, type FieldCompiler } from '../object-json';
import { NotCompiled, type PlanContext } from '../plan-context';
import { objectTypeOf, type SelectedField, selectedFields } from '../selection';

/** Node.id of a record keyed by its own `id` column. */
export const nodeId =
  (typeName: string): FieldCompiler =>
  (_field, _ctx, row) =>
    globalIdSql(typeName, `${row}.id`);

/** A field without arguments: the resolvers' argument rules need not be restated. */
export function withoutArguments(field: SelectedField): void {
  if (Object.values(field.args).some((value) => value != null)) throw new NotCompiled(`${field.name} with arguments`);
}

/**
 * A related row read by a correlated subquery (`from` names the row `alias`, `where` joins it to its parent);
 * null when there is none.
 */
export function relatedObject(ctx: PlanContext, field: SelectedField, prefix: string, sql: (alias: string) => string): string {
  const alias = ctx.alias(prefix);
  return `(SELECT ${objectJson(ctx, objectTypeOf(field), field.node.selectionSet, alias)} FROM ${sql(alias)})`;
}

/** A list of related rows as a JSON array, in the given order; [] when there are none. */
export function relatedList(ctx: PlanContext, field: SelectedField, row: string, from: string, orderBy: string): string {
  return `(SELECT coalesce(json_agg(${objectJson(ctx, objectTypeOf(field), field.node.selectionSet, row)} ORDER BY ${orderBy}), '[]'::json) FROM ${from})`;
}

/** A small object of named SQL values (a Money, an Actor), with only the members selected. */
export function valueObject(
  ctx: PlanContext,
  field: SelectedField,
  values: Readonly<Record<string, string | ((selected: SelectedField) => string)>>,
): string {
  const type = objectTypeOf(field);
  return jsonObject(
    selectedFields(ctx, type, field.node.selectionSet).map((selected) => {
      const value = selected.name === '__typename' ? `'${type.name}'` : values[selected.name];
      if (!value) throw new NotCompiled(`${type.name}.${selected.name}`);
      return [selected.key, typeof value === 'string' ? value : value(selected)] as const;
    }),
  );
}
