import { registerEnumType } from 'type-graphql';

export enum CommitmentKind {
  FUNDING = 'FUNDING',
  TECHNOLOGY_SHARING = 'TECHNOLOGY_SHARING',
  RECYCLING = 'RECYCLING',
  RESEARCH_SHARING = 'RESEARCH_SHARING',
  SUPPLY_AGREEMENT = 'SUPPLY_AGREEMENT',
  ALLIANCE_MEMBERSHIP = 'ALLIANCE_MEMBERSHIP',
  POLICY = 'POLICY',
}
registerEnumType(CommitmentKind, { name: 'CommitmentKind', description: 'What a commitment promises.' });

export enum CommitmentInstrument {
  COMMUNIQUE = 'COMMUNIQUE',
  MOU = 'MOU',
  JOINT_DECLARATION = 'JOINT_DECLARATION',
  AGREEMENT = 'AGREEMENT',
  STATEMENT = 'STATEMENT',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
}
registerEnumType(CommitmentInstrument, { name: 'CommitmentInstrument', description: 'The kind of document or act that made the commitment.' });

export enum ValueChainStage {
  EXPLORATION = 'EXPLORATION',
  MINING = 'MINING',
  PROCESSING_REFINING = 'PROCESSING_REFINING',
  MANUFACTURING = 'MANUFACTURING',
  RECYCLING = 'RECYCLING',
}
registerEnumType(ValueChainStage, { name: 'ValueChainStage', description: 'Stage of the mineral value chain a commitment addresses.' });

export enum PartyRole {
  LEAD = 'LEAD',
  PARTY = 'PARTY',
}
registerEnumType(PartyRole, { name: 'PartyRole', description: 'LEAD for the country driving a commitment, PARTY for the others.' });
