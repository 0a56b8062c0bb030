import type { DataSource } from 'typeorm';
import { LoaderRegistry } from '../../shared/loader-registry';
import { entityColumns, loadPage } from '../../shared/list-query';
import { Connection, ConnectionArgs, SqlParams } from '../../shared/pagination';
import { orderingFor, SortDirection } from '../../shared/sorting';
import type { Alliance } from '../alliance/alliance.entity';
import type { Commitment } from '../commitment/commitment.entity';
import { approximateDate, type ApproximateDate } from '../provenance/provenance.types';
import { Statement } from './statement.entity';
import {
  alliancesByStatementId,
  commitmentsByStatementId,
  statementById,
  statementsByAllianceId,
  statementsByCommitmentId,
  statementsByMeetingId,
} from './statement.loaders';
import type { StatementFilter } from './statement.types';

const BY_DATE = orderingFor({ name: 'saidOn', column: 's.said_on', sqlType: 'date', nullable: true }, SortDirection.ASC, 's.id');

export class StatementService {
  constructor(private readonly db: DataSource) {}

  /** Statements by date (undated ones last), narrowed by the filter. */
  page(filter: StatementFilter | null | undefined, args: ConnectionArgs): Promise<Connection<Statement>> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter?.speakerCountryCodes?.length)
      where.push(
        `s.speaker_country_id IN (SELECT id FROM countries WHERE code = ANY(${params.add(filter.speakerCountryCodes.map((c) => c.toUpperCase()))}))`,
      );
    if (filter?.kinds?.length) where.push(`s.kind = ANY(${params.add(filter.kinds)})`);
    if (filter?.channels?.length) where.push(`s.channel = ANY(${params.add(filter.channels)})`);
    return loadPage<Statement>(
      this.db,
      { columns: entityColumns(this.db, Statement, 's'), from: 'statements s', where, params, ordering: BY_DATE },
      args,
    );
  }

  load(loaders: LoaderRegistry, id: string): Promise<Statement | undefined> {
    return loaders.use(statementById, this.db).load(id);
  }

  /** When the statement was made, at the precision its source gives; null where not given. */
  saidOn(statement: Statement): ApproximateDate | null {
    if (!statement.saidOnDay || !statement.saidOnPrecision) return null;
    return approximateDate({ day: statement.saidOnDay, precision: statement.saidOnPrecision, approximate: statement.saidOnApproximate });
  }

  ofMeeting(loaders: LoaderRegistry, meetingId: string): Promise<Statement[]> {
    return loaders.use(statementsByMeetingId, this.db).load(meetingId);
  }

  ofCommitment(loaders: LoaderRegistry, commitmentId: string): Promise<Statement[]> {
    return loaders.use(statementsByCommitmentId, this.db).load(commitmentId);
  }

  ofAlliance(loaders: LoaderRegistry, allianceId: string): Promise<Statement[]> {
    return loaders.use(statementsByAllianceId, this.db).load(allianceId);
  }

  commitments(loaders: LoaderRegistry, statementId: string): Promise<Commitment[]> {
    return loaders.use(commitmentsByStatementId, this.db).load(statementId);
  }

  alliances(loaders: LoaderRegistry, statementId: string): Promise<Alliance[]> {
    return loaders.use(alliancesByStatementId, this.db).load(statementId);
  }
}
