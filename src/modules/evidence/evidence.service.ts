import type { DataSource } from 'typeorm';
import { rowKeyOf } from '../../shared/global-id';
import { rowsByIds } from '../../shared/list-query';
import { LoaderRegistry } from '../../shared/loader-registry';
import { EvidenceDocument } from './evidence.entity';
import { evidenceById, evidenceBySubjectId } from './evidence.loaders';

/** Uploaded bytes with what serving them needs. */
export interface EvidenceContent {
  sha256: string;
  mediaType: string;
  fileName: string | null;
  content: Buffer;
}

/** Reads of evidence: its records, what is attached where, and its uploaded bytes. */
export class EvidenceService {
  constructor(private readonly db: DataSource) {}

  /** One piece of evidence by global ID; null when it matches none. */
  async findById(globalId: string): Promise<EvidenceDocument | null> {
    const id = rowKeyOf('Evidence', globalId);
    if (!id) return null;
    const [evidence] = await rowsByIds<EvidenceDocument>(this.db, EvidenceDocument, [id]);
    return evidence ?? null;
  }

  load(loaders: LoaderRegistry, id: string): Promise<EvidenceDocument | undefined> {
    return loaders.use(evidenceById, this.db).load(id);
  }

  /** The evidence attached to a record of `subjectType`, oldest attachment first, superseded pieces included. */
  attachedTo(loaders: LoaderRegistry, subjectType: string, subjectId: string): Promise<EvidenceDocument[]> {
    return loaders.use(evidenceBySubjectId, this.db, subjectType).load(subjectId);
  }

  /** The uploaded bytes of a piece of evidence, by global ID; undefined when it names no evidence, null when its evidence was registered by URL. */
  async content(globalId: string, argument: string): Promise<EvidenceContent | null | undefined> {
    const id = rowKeyOf('Evidence', globalId, argument);
    if (!id) return undefined;
    const [row] = await this.db.query(
      `SELECT ev.sha256, ev.media_type AS "mediaType", ev.file_name AS "fileName", c.content
       FROM evidence_documents ev LEFT JOIN evidence_contents c ON c.evidence_id = ev.id WHERE ev.id = $1`,
      [id],
    );
    if (!row) return undefined;
    return row.content ? row : null;
  }
}
