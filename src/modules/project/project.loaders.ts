import { linkLoaders } from '../linked-record/linked-record.loaders';
import { defineLoader } from '../../shared/loader-registry';
import { nestedListKey, rowsByIds } from '../../shared/list-query';
import { ProjectParticipant } from './project-participant.entity';
import { Project } from './project.entity';

export const projectById = defineLoader<string, Project | undefined>('projectById', (db) => (ids) => rowsByIds<Project>(db, Project, ids));

const links = linkLoaders<ProjectParticipant>({
  countryLink: ProjectParticipant,
  countryTable: 'project_participants',
  mineralTable: 'project_minerals',
  ownerColumn: 'project_id',
  ownerKey: 'projectId',
  names: { linkByKey: 'participantByKey', linksByOwnerId: 'participantsByProjectId', mineralsByOwnerId: 'mineralsByProjectId' },
});

/** One participant by "projectId:countryId", with its country. */
export const participantByKey = links.linkByKey;
/** The participants of each project now, by role then country code. */
export const participantsByProjectId = links.linksByOwnerId;
export const mineralsByProjectId = links.mineralsByOwnerId;

export const projectsByCountryId = nestedListKey<Project>('projectsByCountryId');
export const projectsByCommitmentId = nestedListKey<Project>('projectsByCommitmentId');
export const projectInvitationsByCountryId = nestedListKey<Project>('projectInvitationsByCountryId');
