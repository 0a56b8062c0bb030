import type { DataSource } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import { NotFoundError } from '../../shared/errors';
import { fromGlobalId, toGlobalId } from '../../shared/global-id';
import { SqlParams } from '../../shared/pagination';
import type { AuditSigner } from '../audit/audit-signer';
import { AssessmentKind } from './assessment.entity';
import { complianceMatrixSql } from './compliance-report.sql';

interface MatrixRow {
  commitmentId: string | null;
  title: string | null;
  code: string | null;
  name: string | null;
  score: number | null;
  count: number;
  average: number | null;
  percent: number | null;
}

/** Counts, averages and percentages of a row, column or the whole matrix, as the G7 Research Group lays them out. */
interface Summary {
  count: number;
  average: number | null;
  percent: number | null;
}

/** The report, before it is written out: its canonical JSON is what is signed. */
export interface ComplianceReport {
  format: 'compliance-report:v1';
  meeting: { id: string; title: string };
  kind: AssessmentKind;
  auditHead: { sequence: number; hash: string | null };
  members: (Summary & { code: string; name: string })[];
  commitments: (Summary & { id: string; title: string; scores: { member: string; score: number | null }[] })[];
  overall: Summary;
}

/** A report written out, with the detached Ed25519 signature over exactly these bytes. */
export interface SignedDocument {
  body: string;
  signature: Buffer;
}

const summary = (row: MatrixRow | undefined): Summary => ({
  count: row?.count ?? 0,
  average: row?.average ?? null,
  percent: row?.percent ?? null,
});

/**
 * The G7 Research Group style compliance report of a meeting: commitments × members with the counted
 * assessments of one kind, computed in one statement in the same snapshot as the audit head it names,
 * so the same head always gives the same bytes.
 */
export class ComplianceReportService {
  constructor(
    private readonly db: DataSource,
    private readonly signer: AuditSigner,
  ) {}

  /** The public key (SPKI PEM) its signatures verify against: the audit checkpoint signer's. */
  get publicKeyPem(): string {
    return this.signer.publicKeyPem;
  }

  /** The report of the meeting with this global ID; NOT_FOUND when there is none. */
  async report(meetingGlobalId: string, kind: AssessmentKind): Promise<ComplianceReport> {
    const meetingId = fromGlobalId('Meeting', meetingGlobalId, 'meeting');
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const [meeting] = await manager.query('SELECT id, title FROM meetings WHERE id = $1', [meetingId]);
      if (!meeting) throw new NotFoundError('Meeting', meetingGlobalId);
      const [head] = await manager.query('SELECT sequence::int AS sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1');
      const params = new SqlParams();
      const rows: MatrixRow[] = await manager.query(complianceMatrixSql(meetingId, kind, params), params.values);
      const cells = rows.filter((row) => row.commitmentId && row.code);
      return {
        format: 'compliance-report:v1',
        meeting: { id: meetingGlobalId, title: meeting.title },
        kind,
        auditHead: { sequence: head?.sequence ?? 0, hash: head?.hash ?? null },
        members: rows
          .filter((row) => !row.commitmentId && row.code)
          .sort((a, b) => (a.code! < b.code! ? -1 : 1))
          .map((row) => ({ code: row.code!, name: row.name!, ...summary(row) })),
        commitments: rows
          .filter((row) => row.commitmentId && !row.code)
          .map((row) => ({
            id: toGlobalId('Commitment', row.commitmentId!),
            title: row.title!,
            ...summary(row),
            scores: cells
              .filter((cell) => cell.commitmentId === row.commitmentId)
              .map((cell) => ({ member: cell.code!, score: cell.score })),
          })),
        overall: summary(rows.find((row) => !row.commitmentId && !row.code)),
      };
    });
  }

  /** The report as canonical JSON (sorted keys, no whitespace), signed. */
  json(report: ComplianceReport): SignedDocument {
    return this.signed(canonicalJson(report));
  }

  /** The report as CSV: one row per commitment with a column per member, then the members' counts, averages and percentages, and the audit head. */
  csv(report: ComplianceReport): SignedDocument {
    const codes = report.members.map((member) => member.code);
    const lines = [['commitment', 'title', ...codes, 'count', 'average', 'percent']];
    for (const commitment of report.commitments) {
      const byMember = new Map(commitment.scores.map((cell) => [cell.member, cell.score]));
      lines.push([
        commitment.id,
        commitment.title,
        ...codes.map((code) => (byMember.has(code) ? String(byMember.get(code) ?? '') : 'n/a')),
        ...numbers(commitment),
      ]);
    }
    for (const measure of ['count', 'average', 'percent'] as const)
      lines.push([`member ${measure}`, '', ...report.members.map((member) => String(member[measure] ?? '')), '', '', '']);
    lines.push(['overall', '', ...codes.map(() => ''), ...numbers(report.overall)]);
    lines.push(['audit head', String(report.auditHead.sequence), report.auditHead.hash ?? '']);
    return this.signed(`${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`);
  }

  private signed(body: string): SignedDocument {
    return { body, signature: this.signer.signBytes(Buffer.from(body, 'utf8')) };
  }
}

const numbers = (summary: Summary) => [String(summary.count), String(summary.average ?? ''), String(summary.percent ?? '')];

/** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not run it. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
