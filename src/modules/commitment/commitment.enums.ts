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
registerEnumType(CommitmentKind, {
  name: 'CommitmentKind',
  description: 'What a commitment promises.',
  valuesConfig: {
    FUNDING: { description: 'Money: investment, loans, grants or other finance.' },
    TECHNOLOGY_SHARING: { description: 'Sharing technology or know-how.' },
    RECYCLING: { description: 'Recycling or recovering minerals from waste and used products.' },
    RESEARCH_SHARING: { description: 'Joint research, or sharing research and data.' },
    SUPPLY_AGREEMENT: { description: 'Supplying minerals or products between the parties.' },
    ALLIANCE_MEMBERSHIP: { description: 'Joining or forming an alliance or partnership.' },
    POLICY: { description: 'A change of policy, rules or standards.' },
  },
});

export enum CommitmentInstrument {
  COMMUNIQUE = 'COMMUNIQUE',
  MOU = 'MOU',
  JOINT_DECLARATION = 'JOINT_DECLARATION',
  AGREEMENT = 'AGREEMENT',
  STATEMENT = 'STATEMENT',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
}
registerEnumType(CommitmentInstrument, {
  name: 'CommitmentInstrument',
  description: 'The kind of document or act that made the commitment.',
  valuesConfig: {
    COMMUNIQUE: { description: 'A communiqué issued jointly after a meeting, e.g. a G7 summit communiqué.' },
    MOU: { description: 'A memorandum of understanding between the parties.' },
    JOINT_DECLARATION: { description: 'A declaration made jointly by the parties.' },
    AGREEMENT: { description: 'An agreement concluded between the parties.' },
    STATEMENT: { description: "A statement by one or more parties, e.g. a ministerial or chair's statement." },
    ANNOUNCEMENT: { description: 'A public announcement by a government or agency, e.g. a press release.' },
  },
});

export enum ValueChainStage {
  EXPLORATION = 'EXPLORATION',
  MINING = 'MINING',
  PROCESSING_REFINING = 'PROCESSING_REFINING',
  MANUFACTURING = 'MANUFACTURING',
  RECYCLING = 'RECYCLING',
}
registerEnumType(ValueChainStage, {
  name: 'ValueChainStage',
  description: 'Stage of the mineral value chain a commitment addresses.',
  valuesConfig: {
    EXPLORATION: { description: 'Finding and assessing deposits.' },
    MINING: { description: 'Extracting ore.' },
    PROCESSING_REFINING: { description: 'Turning ore into refined minerals and chemicals.' },
    MANUFACTURING: { description: 'Making components and products, e.g. magnets or battery cells.' },
    RECYCLING: { description: 'Recovering minerals from waste and used products.' },
  },
});

export enum PartyRole {
  LEAD = 'LEAD',
  PARTY = 'PARTY',
}
registerEnumType(PartyRole, {
  name: 'PartyRole',
  description: 'LEAD for the country driving a commitment, PARTY for the others.',
  valuesConfig: {
    LEAD: { description: 'Drives the commitment; listed first among the parties.' },
    PARTY: { description: 'Bound by the commitment without leading it.' },
  },
});
