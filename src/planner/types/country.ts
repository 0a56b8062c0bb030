import { BY_COUNTRY } from '../../modules/commitment/commitment.sql';
import { Country } from '../../modules/country/country.entity';
import { Meeting } from '../../modules/meeting/meeting.entity';
import { Mineral } from '../../modules/mineral/mineral.entity';
import { Project } from '../../modules/project/project.entity';
import { connectionJson } from '../connection';
import { defineObject } from '../object-json';
import { NotCompiled } from '../plan-context';
import { commitmentList } from './commitment';
import { nodeId } from './fields';

defineObject('Country', {
  entity: Country,
  fields: {
    id: nodeId('Country'),
    // Now, unfiltered and in the default order: filters, orders and asOf (with its access rule) are left to the resolvers.
    commitments: (field, ctx, row) => {
      const { filter, orderBy, asOf } = field.args;
      if (filter != null || orderBy != null || asOf != null) throw new NotCompiled('Country.commitments with filter, orderBy or asOf');
      return connectionJson(ctx, field, {
        query: commitmentList(BY_COUNTRY),
        row: 'c',
        parent: { expression: BY_COUNTRY.parentExpression, id: `${row}.id` },
      });
    },
  },
});

defineObject('Meeting', { entity: Meeting, fields: { id: nodeId('Meeting') } });
defineObject('Mineral', { entity: Mineral, fields: { id: nodeId('Mineral') } });
defineObject('Project', { entity: Project, fields: { id: nodeId('Project') } });
