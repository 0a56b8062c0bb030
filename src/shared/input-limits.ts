import { getMetadataStorage as validationMetadata } from 'class-validator';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLFieldResolver,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { getMetadataStorage as typeMetadata } from 'type-graphql';
import { BadUserInputError } from './errors';

/** Characters in a String or ID argument or input field whose class declares no cap of its own. */
export const DEFAULT_MAX_TEXT = 1000;
/** Items in a list argument or input field whose class declares no cap of its own. */
export const DEFAULT_MAX_ITEMS = 100;

interface Caps {
  text: number;
  items: number;
}

/** The caps a class declares on a property with class-validator (MaxLength, Length, ArrayMaxSize), else the defaults. */
// biome-ignore lint/complexity/noBannedTypes: class-validator keys its metadata by the class constructor, typed as Function
function declaredCaps(target: Function | undefined, property: string): Caps {
  const caps = { text: DEFAULT_MAX_TEXT, items: DEFAULT_MAX_ITEMS };
  if (!target) return caps;
  for (const rule of validationMetadata().getTargetValidationMetadatas(target, '', true, false)) {
    if (rule.propertyName !== property) continue;
    if (rule.name === 'maxLength') caps.text = rule.constraints[0];
    if (rule.name === 'isLength' && rule.constraints[1] !== undefined) caps.text = rule.constraints[1];
    if (rule.name === 'arrayMaxSize') caps.items = rule.constraints[0];
  }
  return caps;
}

function isText(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isScalarType(named) && (named.name === 'String' || named.name === 'ID');
}

function refuse(path: string, problem: string, details: Record<string, unknown> = {}): never {
  throw new BadUserInputError(`Invalid input: ${path} ${problem}`, { argument: path, ...details });
}

/** Counts code points, as class-validator's Length does, and stops as soon as the answer is known. */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

/** Refuses text with a NUL character or more than `max` characters, naming `path`. */
export function checkText(text: string, max: number, path: string): void {
  // Postgres cannot store U+0000 in text: refused here rather than failing in SQL.
  if (text.includes('\u0000')) refuse(path, 'must not contain the NUL character (U+0000)');
  if (longerThan(text, max)) refuse(path, `must be at most ${max} characters`, { max });
}

/** Equal items once, in first-seen order; input objects are equal when all their fields are. */
function withoutDuplicates(items: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const kept = items.filter((item) => {
    const key = item !== null && typeof item === 'object' ? JSON.stringify(item) : item;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.length === items.length ? items : kept;
}

/**
 * Holds every argument and input field to its caps, as the schema documents them:
 * text length, list length, no NUL characters. Lists come back without duplicates.
 */
class InputLimits {
  private readonly inputClasses = new Map(typeMetadata().inputTypes.map((type) => [type.name, type.target]));
  private readonly fieldCaps = new Map<string, Caps>();

  /** Caps of an argument: those its @ArgsType class declares, if it comes from one. */
  argumentCaps(name: string): Caps {
    const declaring = typeMetadata().argumentTypes.find((type) => type.fields?.some((field) => field.schemaName === name));
    return declaredCaps(declaring?.target, name);
  }

  inputFieldCaps(typeName: string, field: string): Caps {
    const key = `${typeName}.${field}`;
    let caps = this.fieldCaps.get(key);
    if (!caps) this.fieldCaps.set(key, (caps = declaredCaps(this.inputClasses.get(typeName), field)));
    return caps;
  }

  /** `dedupe`: lists inside input objects are sets; a list argument such as nodes(ids) answers position by position, so keeps its repeats. */
  checked(value: unknown, type: GraphQLInputType, caps: Caps, path: string, dedupe = true): unknown {
    if (value === null || value === undefined) return value;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return value;
      if (value.length > caps.items) refuse(path, `must have at most ${caps.items} items`, { max: caps.items });
      const items = value.map((item, index) => this.checked(item, nullable.ofType, caps, `${path}[${index}]`));
      return dedupe ? withoutDuplicates(items) : items;
    }
    if (isInputObjectType(nullable)) {
      const fields = value as Record<string, unknown>;
      for (const field of Object.values(nullable.getFields())) {
        if (fields[field.name] === undefined) continue;
        fields[field.name] = this.checked(
          fields[field.name],
          field.type,
          this.inputFieldCaps(nullable.name, field.name),
          `${path}.${field.name}`,
        );
      }
      return fields;
    }
    if (typeof value === 'string') checkText(value, isText(type) ? caps.text : Number.POSITIVE_INFINITY, path);
    return value;
  }

  /** Puts the check in front of a field's resolver (and subscribe), so no resolver sees an argument over its caps. */
  guard(field: GraphQLField<unknown, unknown>): void {
    if (!field.args.length) return;
    const args = field.args.map((arg) => ({ arg, caps: this.argumentCaps(arg.name) }));
    const check = (values: Record<string, unknown>) => {
      for (const { arg, caps } of args)
        if (values[arg.name] !== undefined) values[arg.name] = this.checked(values[arg.name], arg.type, caps, arg.name, false);
    };
    const guarded =
      (next: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
      (source, values, context, info) => {
        check(values);
        return next(source, values, context, info);
      };
    field.resolve = guarded(field.resolve ?? defaultFieldResolver);
    if (field.subscribe) field.subscribe = guarded(field.subscribe);
    for (const { arg, caps } of args) arg.description = withLimits(arg.description, arg.type, caps, false);
  }

  document(schema: GraphQLSchema): void {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isInputObjectType(type)) continue;
      for (const field of Object.values(type.getFields()))
        field.description = withLimits(field.description, field.type, this.inputFieldCaps(type.name, field.name));
    }
  }
}

/** The description with its caps appended, so the schema states what the server enforces. */
function withLimits(description: string | null | undefined, type: GraphQLInputType, caps: Caps, dedupe = true): string | undefined {
  let note: string | undefined;
  if (isListType(getNullableType(type))) {
    const each = isText(type) ? `, each at most ${caps.text} characters` : '';
    note = `At most ${caps.items} items${each}${dedupe ? '; duplicates are ignored' : ''}.`;
  } else if (isText(type)) {
    note = `At most ${caps.text} characters.`;
  }
  return [description, note].filter(Boolean).join(' ') || undefined;
}

/**
 * Caps every argument and input field of the schema, in one place: the caps a
 * field's class declares with class-validator, else DEFAULT_MAX_TEXT and
 * DEFAULT_MAX_ITEMS. Over a cap is BAD_USER_INPUT naming the field, before any
 * resolver runs (so nothing is written); the descriptions state each cap.
 */
export function withInputLimits(schema: GraphQLSchema): GraphQLSchema {
  const limits = new InputLimits();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) limits.guard(field);
  }
  limits.document(schema);
  return schema;
}
