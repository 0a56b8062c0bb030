import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { Source } from './source.entity';
import { CitingSubject, sourceById, sourcesBySubjectId } from './source.loaders';
import type { Citation } from './source.types';

export type { CitingSubject } from './source.loaders';

export class SourceService {
  constructor(private readonly db: DataSource) {}

  /** The sources a subject cites, each with the excerpt it relies on; batched per subject kind. */
  citedBy(loaders: LoaderRegistry, subject: CitingSubject, subjectId: string): Promise<Citation[]> {
    return loaders.use(sourcesBySubjectId[subject], this.db).load(subjectId);
  }

  load(loaders: LoaderRegistry, id: string): Promise<Source | undefined> {
    return loaders.use(sourceById, this.db).load(id);
  }
}
