import { IsIn, IsOptional, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IdempotentInput } from '../../shared/idempotent-input';
import { MutationPayload } from '../../shared/relay-mutation';
import { DateScalar } from '../../shared/scalars';
import { DOCUMENT_CATEGORIES, DocumentCategory } from './document-category';
import { EvidenceDocument } from './evidence.entity';
import { IsLanguageCode } from './language';

export const MAX_TITLE_LENGTH = 500;
export const MAX_URL_LENGTH = 2000;
export const MAX_REASON_LENGTH = 2000;

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true };

/** What every piece of evidence says about itself, uploaded or registered by URL; POST /evidence validates its form fields with it. */
@InputType()
export abstract class EvidenceFields extends IdempotentInput {
  @Field({ description: 'Title of the document, as it gives it; not blank.' })
  @Length(1, MAX_TITLE_LENGTH)
  @Matches(/\S/, { message: '$property must not be blank' })
  title: string;

  @Field(() => DocumentCategory, { description: "What kind of document it is (IATI's DocumentCategory codelist)." })
  @IsIn(Object.keys(DOCUMENT_CATEGORIES), { message: "documentCategory must be a code of IATI's DocumentCategory codelist, e.g. A08" })
  documentCategory: DocumentCategory;

  @Field({ description: 'Language of the document: an ISO 639-1 code such as en, fr or ja (case-insensitive).' })
  @IsLanguageCode()
  language: string;

  @Field(() => DateScalar, { description: 'When the document was published (YYYY-MM-DD).' })
  publishedOn: string;
}

@InputType({
  description: 'A document held elsewhere, registered by its URL with the SHA-256 its submitter declares (PARTNER, AUDITOR or ADMIN).',
})
export class RegisterEvidenceInput extends EvidenceFields {
  @Field({ description: 'Where the document is published: an http(s) URL.' })
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @Field({ description: 'SHA-256 of the document as published, 64 hex digits (case-insensitive); stored as DECLARED.' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex digits' })
  sha256: string;
}

@InputType({ description: 'Marks a piece of evidence as superseded, for a reason; evidence is never deleted.' })
export class SupersedeEvidenceInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the evidence that no longer stands (Evidence.id).' })
  evidenceId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Global ID of the evidence that replaces it, if any; it must itself stand (not be superseded).',
  })
  @IsOptional()
  supersededById?: string | null;

  @Field({ description: 'Why it no longer stands; not blank.' })
  @Length(1, MAX_REASON_LENGTH)
  @Matches(/\S/, { message: '$property must not be blank' })
  reason: string;
}

@InputType({ description: 'Attaches a piece of evidence to a record it backs; for now a Project.' })
export class AttachEvidenceInput extends IdempotentInput {
  @Field(() => ID, { description: 'Global ID of the evidence (Evidence.id); it must stand (not be superseded).' })
  evidenceId: string;

  @Field(() => ID, { description: 'Global ID of the record it backs: a Project.id.' })
  subjectId: string;
}

@ObjectType({ simpleResolvers: true, description: 'The registered evidence.' })
export class RegisterEvidencePayload extends MutationPayload {
  @Field(() => EvidenceDocument, { description: 'The new evidence, its hash DECLARED.' })
  evidence: EvidenceDocument;
}

@ObjectType({ simpleResolvers: true, description: 'The superseded evidence and what replaces it.' })
export class SupersedeEvidencePayload extends MutationPayload {
  @Field(() => EvidenceDocument, { description: 'The evidence, now superseded, at its next version.' })
  evidence: EvidenceDocument;
}

@ObjectType({ simpleResolvers: true, description: 'The evidence after the attachment.' })
export class AttachEvidencePayload extends MutationPayload {
  @Field(() => EvidenceDocument, { description: 'The evidence, at its next version.' })
  evidence: EvidenceDocument;

  @Field(() => ID, { description: 'Global ID of the record it is now attached to, as given.' })
  subjectId: string;
}

/** The form fields of an upload to POST /evidence: the same as a registration's, with the URL optional and no hash (the server computes it). */
export class UploadEvidenceFields extends EvidenceFields {
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  @MaxLength(MAX_URL_LENGTH)
  url?: string | null;
}

/** An upload as the HTTP adapter hands it over: validated fields and the bytes, already hashed. */
export interface EvidenceUpload {
  fields: UploadEvidenceFields;
  content: Buffer;
  sha256: string;
  mediaType: string;
  fileName: string | null;
}
