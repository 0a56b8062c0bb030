import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import { Node } from '../node/node.type';
import { DocumentCategory } from './document-category';

export enum HashBasis {
  COMPUTED = 'COMPUTED',
  DECLARED = 'DECLARED',
}
registerEnumType(HashBasis, {
  name: 'HashBasis',
  description: 'Where the SHA-256 of a piece of evidence comes from.',
  valuesConfig: {
    COMPUTED: { description: 'The server computed it from the bytes uploaded to POST /evidence, which it keeps and serves.' },
    DECLARED: {
      description: 'The submitter declared it for a document held elsewhere (at url); the server has not fetched or checked it.',
    },
  },
});

/**
 * A document that backs a claim. Its bytes, when uploaded, live in evidence_contents, which
 * no GraphQL type maps: lists never carry them, GET /evidence/:id serves them.
 */
@ObjectType('Evidence', {
  simpleResolvers: true,
  implements: Node,
  description:
    'A document that backs a claim: uploaded (its bytes kept and served at contentPath, its hash COMPUTED) or registered by URL (its hash DECLARED). Evidence is never deleted; it can be superseded, with a reason.',
})
@Entity({ name: 'evidence_documents' })
export class EvidenceDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Title of the document, as it gives it.' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Where the document is published; null for an upload with no public copy.' })
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Field(() => DocumentCategory, { description: "What kind of document it is (IATI's DocumentCategory codelist)." })
  @Column({ name: 'document_category', type: 'varchar' })
  documentCategory: DocumentCategory;

  @Field({ description: 'Language of the document: an ISO 639-1 code, lower case (e.g. en, fr, ja).' })
  @Column({ type: 'varchar' })
  language: string;

  @Field(() => DateScalar, { description: 'When the document was published.' })
  @Column({ name: 'published_on', type: 'date' })
  publishedOn: string;

  @Field({ description: 'SHA-256 of the content, 64 lowercase hex digits; see hashBasis for whether the server computed it.' })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Field(() => HashBasis, { description: 'Whether the server computed sha256 from uploaded bytes or the submitter declared it.' })
  @Column({ name: 'hash_basis', type: 'varchar' })
  hashBasis: HashBasis;

  @Field(() => String, { nullable: true, description: 'Media type of the uploaded bytes, e.g. application/pdf; null when declared.' })
  @Column({ name: 'media_type', type: 'text', nullable: true })
  mediaType: string | null;

  @Field(() => Int, { nullable: true, description: 'Size of the uploaded bytes; null when declared.' })
  @Column({ name: 'byte_size', type: 'int', nullable: true })
  byteSize: number | null;

  @Field(() => String, { nullable: true, description: 'File name the upload was sent with, if any.' })
  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO code of the country whose PARTNER submitted it; null when an AUDITOR or ADMIN did. A PARTNER may supersede its own country's evidence.",
  })
  @Column({ name: 'submitter_country', type: 'varchar', nullable: true })
  submitterCountry: string | null;

  @Column({ name: 'superseded_by_id', type: 'uuid', nullable: true })
  supersededById: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was superseded; null while it stands.' })
  @Column({ name: 'superseded_reason', type: 'text', nullable: true })
  supersededReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was superseded; null while it stands.' })
  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with every change: each attachment and the supersession.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => DateTimeScalar, { description: 'When the evidence was recorded in this service.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
