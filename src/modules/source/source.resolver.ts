import { Resolver } from 'type-graphql';
import { NodeResolver } from '../node/node.resolver';
import { Source } from './source.entity';

@Resolver(() => Source)
export class SourceResolver extends NodeResolver(Source) {}
