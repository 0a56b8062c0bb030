import fs from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
} from 'graphql';
import { createSchema, printSdl } from '../../src/schema';
import { CommitmentStatus } from '../../src/modules/commitment/commitment.status';
import { ProjectStatus } from '../../src/modules/project/project.status';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

/** Object types that are values inside their parent (no identity of their own), so clients cache them with it. */
const VALUE_TYPES = [
  'Actor',
  'ApproximateDate',
  'AssessedScore',
  'AssessmentDisagreement',
  'AuditCheckpoint',
  'AuditVerification',
  'Budget',
  'Citation',
  'CommitmentStatsGroup',
  'CommitmentStatsKey',
  'CommitmentStatusCount',
  'CountryScorecard',
  'FieldProvenance',
  'FundingTotals',
  'IndicatorBaseline',
  'IndicatorPeriod',
  'IndicatorValue',
  'MeetingTopic',
  'Money',
  'ObligationDelivery',
  'PageInfo',
  'PledgedFundingTotals',
  'ProjectOrganisation',
  'ProjectStatsGroup',
  'ProjectStatsKey',
  'Result',
  'ResultIndicator',
];
const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'];
/** Wrappers around other objects: a page, one of its edges, a mutation's or a subscription event's result. */
const WRAPPER = /(Connection|Edge|Payload|ChangedEvent)$/;

const objectTypes = () =>
  Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'));
const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

describe('schema/schema.graphql', () => {
  it('is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(await printSdl()).toBe(committed);
  });

  it('documents the status workflows in the enum descriptions', async () => {
    const sdl = await printSdl();
    expect(sdl).toContain('PROPOSED → ANNOUNCED | WITHDRAWN');
    expect(sdl).toContain('DELIVERED → (final)');
    expect(sdl).toContain('PIPELINE → IMPLEMENTATION | CANCELLED');
  });

  it('describes project types, inputs and filters without commitment-only statuses', () => {
    const commitmentOnly = Object.values(CommitmentStatus).filter((status) => !(Object.values(ProjectStatus) as string[]).includes(status));
    const projectTypes = Object.values(schema.getTypeMap()).filter((type) => /Project/.test(type.name));
    expect(projectTypes.map((type) => type.name)).toEqual(
      expect.arrayContaining(['ChangeProjectStatusInput', 'ProjectFilter', 'ProjectStatusChangedFilter', 'ProjectStatsKey']),
    );
    const wrong = projectTypes.flatMap((type) =>
      descriptionsOf(type)
        .filter(({ text }) => commitmentOnly.some((status) => new RegExp(`\\b${status}\\b`).test(text)))
        .map(({ at, text }) => `${type.name}${at}: ${text}`),
    );
    expect(wrong).toEqual([]);
  });

  it('says for each status-change input exactly which statuses need a note and which need evidence', () => {
    const fields = (name: string) => (schema.getType(name) as GraphQLInputObjectType).getFields();
    expect(fields('ChangeProjectStatusInput').note.description).toMatch(/required for CANCELLED and SUSPENDED/);
    expect(fields('ChangeProjectStatusInput').evidenceUrl.description).toMatch(/optional/);
    expect(fields('ChangeCommitmentStatusInput').note.description).toMatch(/required for WITHDRAWN and DELAYED/);
    expect(fields('ChangeCommitmentStatusInput').evidenceUrl.description).toMatch(/required for DELIVERED/);
  });
});

/** Every description a type carries: its own, its fields' and their arguments', its enum values'. */
function descriptionsOf(type: GraphQLNamedType): { at: string; text: string }[] {
  const found = [{ at: '', text: type.description ?? '' }];
  if (isObjectType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      found.push({ at: `.${field.name}`, text: field.description ?? '' });
      for (const arg of 'args' in field ? field.args : []) found.push({ at: `.${field.name}(${arg.name})`, text: arg.description ?? '' });
    }
  }
  if (isEnumType(type)) for (const value of type.getValues()) found.push({ at: `.${value.name}`, text: value.description ?? '' });
  return found;
}

/** What the input caps append to every text and list input; on its own it says nothing about the field. */
const CAP_NOTE_ONLY = /^At most \d+ (characters|items)[^.]*\.$/;

/** Every schema element a frontend developer reads in the explorer, with its description. */
function documentedElements(schema: GraphQLSchema): { at: string; text: string | null | undefined }[] {
  const found: { at: string; text: string | null | undefined }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    found.push({ at: type.name, text: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        found.push({ at: `${type.name}.${field.name}`, text: field.description });
        for (const arg of field.args) found.push({ at: `${type.name}.${field.name}(${arg.name})`, text: arg.description });
      }
    }
    if (isInputObjectType(type))
      for (const field of Object.values(type.getFields())) found.push({ at: `${type.name}.${field.name}`, text: field.description });
    if (isEnumType(type)) for (const value of type.getValues()) found.push({ at: `${type.name}.${value.name}`, text: value.description });
  }
  for (const directive of schema.getDirectives().filter((d) => !isSpecifiedDirective(d))) {
    found.push({ at: `@${directive.name}`, text: directive.description });
    for (const arg of directive.args) found.push({ at: `@${directive.name}(${arg.name})`, text: arg.description });
  }
  return found;
}

describe('descriptions', () => {
  it('describes every type, field, argument, input field, enum value and directive of ours', () => {
    const elements = documentedElements(schema);
    for (const name of [
      'Query',
      'Mutation',
      'Subscription',
      'Node',
      'StatusChange',
      'DateTime',
      'CommitmentStatus',
      'PageInfo',
      'CommitmentEdge',
    ]) {
      expect(elements.map((element) => element.at)).toContain(name);
    }
    const undescribed = elements.filter(({ text }) => !text?.trim() || CAP_NOTE_ONLY.test(text.trim())).map(({ at }) => at);
    expect(undescribed).toEqual([]);
  });

  it("describes each workflow status with the statuses it may move to, read from the workflow's table", () => {
    const value = (type: string, name: string) => (schema.getType(type) as GraphQLEnumType).getValue(name)?.description;
    expect(value('CommitmentStatus', 'PROPOSED')).toMatch(/Next: ANNOUNCED, WITHDRAWN\./);
    expect(value('CommitmentStatus', 'DELIVERED')).toMatch(/Final: no further moves\..*needs an evidenceUrl/);
    expect(value('ProjectStatus', 'SUSPENDED')).toMatch(/Next: IMPLEMENTATION, CANCELLED\..*needs a note/);
    expect(value('MembershipStatus', 'MEMBER')).toMatch(/Next: FORMER\./);
  });
});

describe('the contract clients cache against', () => {
  it('gives every object a client may cache a global id, through Node', () => {
    const withoutNode = objectTypes()
      .filter((type) => !type.getInterfaces().some((i) => i.name === 'Node'))
      .map((type) => type.name)
      .filter((name) => !ROOT_TYPES.includes(name) && !WRAPPER.test(name));
    expect(withoutNode.sort()).toEqual(VALUE_TYPES);
    // A value type with an id of its own would be a record in disguise.
    for (const name of VALUE_TYPES) expect(Object.keys((schema.getType(name) as GraphQLObjectType).getFields())).not.toContain('id');
  });

  it('types statuses and roles with their enums, never as strings', () => {
    const typed = objectTypes().flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => /^(fromStatus|toStatus|status|role)$/.test(field.name))
        .map((field) => [`${type.name}.${field.name}`, getNamedType(field.type).name]),
    );
    expect(typed.length).toBeGreaterThan(10);
    expect(typed.filter(([, typeName]) => typeName === 'String')).toEqual([]);
    expect(Object.fromEntries(typed)).toMatchObject({
      'CommitmentStatusChange.toStatus': 'CommitmentStatus',
      'ProjectStatusChange.fromStatus': 'ProjectStatus',
      'MembershipStatusChange.toStatus': 'MembershipStatus',
      'Actor.role': 'Role',
    });
    expect(getNamedType((schema.getType('Actor') as GraphQLObjectType).getFields().country.type).name).toBe('Country');
    expect(getNamedType((schema.getType('AuditCheckpoint') as GraphQLObjectType).getFields().createdAt.type).name).toBe('DateTime');
  });

  it('links every custom scalar to the specification of its format (@specifiedBy)', () => {
    const custom = Object.values(schema.getTypeMap()).filter((type) => isScalarType(type) && !isSpecifiedScalarType(type));
    expect(custom.map((type) => type.name).sort()).toEqual(['Currency', 'DateTime', 'Decimal', 'JSON', 'LocalDate']);
    for (const scalar of custom) expect(isScalarType(scalar) && scalar.specifiedByURL).toMatch(/^https?:\/\//);
  });

  it('follows the Relay mutation convention: one input and one payload per mutation, both with clientMutationId', () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThanOrEqual(12);
    for (const mutation of mutations) {
      const name = capitalized(mutation.name);
      expect(mutation.args.map((arg) => [arg.name, String(arg.type)])).toEqual([['input', `${name}Input!`]]);
      const input = getNamedType(mutation.args[0].type);
      expect(isInputObjectType(input) && String(input.getFields().clientMutationId?.type)).toBe('String');
      // Nullable: authorization can refuse any change, and a refusal must not null the whole response.
      expect(String(mutation.type)).toBe(`${name}Payload`);
      const payload = mutation.type as GraphQLObjectType;
      expect(String(payload.getFields().clientMutationId?.type)).toBe('String');
    }
  });

  it('makes every field that authorization can refuse nullable, at the root and nested', () => {
    const refusable = [
      ['Query', 'auditTrail'],
      ['Query', 'auditCheckpoint'],
      ['Query', 'verifyAuditTrail'],
      ['Query', 'node'],
      ['Commitment', 'auditTrail'],
      ['Project', 'auditTrail'],
      ...Object.keys(schema.getMutationType()!.getFields()).map((name) => ['Mutation', name]),
    ];
    for (const [type, field] of refusable) {
      expect([`${type}.${field}`, isNonNullType((schema.getType(type) as GraphQLObjectType).getFields()[field].type)]).toEqual([
        `${type}.${field}`,
        false,
      ]);
    }
    // nodes answers a list whatever is refused; each refused item is null.
    expect(String(schema.getQueryType()!.getFields().nodes.type)).toBe('[Node]!');
  });
});

describe('access rules declared on resolvers', () => {
  it('leave plain properties without a resolver, so graphql-jit still reads them inline', () => {
    const wrapped = (type: string, field: string) =>
      typeof (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve === 'function';
    // The auth checker is attached only where @Authorized declares a rule.
    expect(wrapped('Commitment', 'auditTrail')).toBe(true);
    expect(wrapped('Query', 'auditTrail')).toBe(true);
    const plain = objectTypes().flatMap((type) => Object.values(type.getFields()).filter((field) => field.resolve === undefined));
    expect(plain.length).toBeGreaterThan(100);
    for (const [type, field] of [
      ['Commitment', 'title'],
      ['Country', 'code'],
      ['AuditEvent', 'sequence'],
      ['PageInfo', 'hasNextPage'],
    ])
      expect(wrapped(type, field)).toBe(false);
  });
});
