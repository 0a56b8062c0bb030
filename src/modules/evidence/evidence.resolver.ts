import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { NodeResolver } from '../node/node.resolver';
import { Obligation } from '../obligation/obligation.entity';
import { Project } from '../project/project.entity';
import { EvidenceDocument } from './evidence.entity';

@Resolver(() => EvidenceDocument)
export class EvidenceResolver extends NodeResolver(EvidenceDocument, { typeName: 'Evidence' }) {
  @Query(() => EvidenceDocument, { nullable: true, description: 'One piece of evidence by ID.' })
  evidence(
    @Arg('id', () => ID, { description: 'Global ID of the evidence (Evidence.id); null when none has it.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.evidence.findById(id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it was superseded: it no longer stands, but is kept.' })
  superseded(@Root() evidence: EvidenceDocument): boolean {
    return evidence.supersededAt !== null;
  }

  @FieldResolver(() => EvidenceDocument, {
    nullable: true,
    description: 'The evidence that replaced it; null while it stands, or when it was superseded without a replacement.',
  })
  supersededBy(@Root() evidence: EvidenceDocument, @Ctx() ctx: Context) {
    return evidence.supersededById ? ctx.services.evidence.load(ctx.loaders, evidence.supersededById) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Path on this API that serves the uploaded bytes (GET, with ETag and Digest headers); null when registered by URL only.',
  })
  contentPath(@Root() evidence: EvidenceDocument): string | null {
    return evidence.byteSize === null ? null : `/evidence/${this.id(evidence)}`;
  }
}

/** Project.evidence lives here, with the rest of evidence: the project module does not know about it. */
@Resolver(() => Project)
export class ProjectEvidenceResolver {
  @FieldResolver(() => [EvidenceDocument], {
    description: 'Evidence attached to this project, oldest attachment first; superseded pieces stay listed (see Evidence.superseded).',
  })
  evidence(@Root() project: Project, @Ctx() ctx: Context) {
    return ctx.services.evidence.attachedTo(ctx.loaders, 'PROJECT', project.id);
  }
}

@Resolver(() => Obligation)
export class ObligationEvidenceResolver {
  @FieldResolver(() => [EvidenceDocument], {
    description:
      'Evidence attached to this obligation (attachEvidence), oldest attachment first; superseded pieces stay listed (see Evidence.superseded).',
  })
  evidence(@Root() obligation: Obligation, @Ctx() ctx: Context) {
    return ctx.services.evidence.attachedTo(ctx.loaders, 'OBLIGATION', obligation.id);
  }
}
