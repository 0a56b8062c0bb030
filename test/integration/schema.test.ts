import fs from 'node:fs';
import path from 'node:path';
import { GraphQLNamedType, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { createSchema, printSdl } from '../../src/schema';
import { CommitmentStatus } from '../../src/modules/commitment/commitment.status';
import { ProjectStatus } from '../../src/modules/project/project.status';

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

  it('describes project types, inputs and filters without commitment-only statuses', async () => {
    const schema = await createSchema();
    const commitmentOnly = Object.values(CommitmentStatus).filter((status) => !(Object.values(ProjectStatus) as string[]).includes(status));
    const projectTypes = Object.values(schema.getTypeMap()).filter((type) => /Project/.test(type.name));
    expect(projectTypes.map((type) => type.name)).toEqual(expect.arrayContaining(['ChangeProjectStatusInput', 'ProjectFilter', 'ProjectStatusChangedFilter', 'ProjectStatsKey']));
    const wrong = projectTypes.flatMap((type) =>
      descriptionsOf(type)
        .filter(({ text }) => commitmentOnly.some((status) => new RegExp(`\\b${status}\\b`).test(text)))
        .map(({ at, text }) => `${type.name}${at}: ${text}`),
    );
    expect(wrong).toEqual([]);
  });

  it('says for each status-change input exactly which statuses need a note and which need evidence', async () => {
    const schema = await createSchema();
    const fields = (name: string) => (schema.getType(name) as import('graphql').GraphQLInputObjectType).getFields();
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
