import { Factory } from '../helpers/factories';
import { dataOf, startTestApi, TestApi } from '../helpers/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  const factory = new Factory(api.db);
  const mineral = await factory.mineral();
  const meeting = await factory.meeting({ title: 'Statement-count meeting' });
  // 50 countries, each party to 3 commitments with parties, a mineral, a meeting and a history.
  for (let i = 0; i < 50; i++) {
    const country = await factory.country();
    for (let j = 0; j < 3; j++) {
      await factory.commitment({
        title: `C${i}-${j}`,
        partyIds: [country.id],
        mineralIds: [mineral.id],
        meetingId: meeting.id,
        statusHistory: ['PROPOSED', 'ANNOUNCED', 'IN_PROGRESS'],
      });
    }
  }
});
afterAll(() => api.close());

const DASHBOARD = `query Dashboard($first: Int!) {
  countries(first: $first, after: null) {
    totalCount
    edges { node {
      code name
      memberships { status alliance { name } }
      commitments(first: 20) {
        totalCount
        edges { node {
          title status
          parties { role country { code name } }
          minerals { code name chinaRefiningShares { averagePercent } }
          meeting { title hostCountry { code } participants { role country { code } } }
          statusHistory(last: 3) { edges { node { fromStatus toStatus version actor { sub } } } }
          projects(first: 5) { totalCount edges { node { name } } }
          sources { title }
        } }
      }
    } }
  }
}`;

describe('SQL statements per request', () => {
  it('are the same for 5 countries as for 50 (DataLoader batches per field, not per row)', async () => {
    const small = await api.graphql(DASHBOARD, { first: 5 });
    const large = await api.graphql(DASHBOARD, { first: 50 });
    const smallData = dataOf(small);
    const largeData = dataOf(large);
    expect(smallData.countries.edges).toHaveLength(5);
    expect(largeData.countries.edges).toHaveLength(50);
    const rowsReturned = largeData.countries.edges.reduce((sum: number, e: any) => sum + e.node.commitments.edges.length, 0);
    expect(rowsReturned).toBeGreaterThanOrEqual(150);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
    // One statement per field that touches the database, whatever the row count.
    expect(large.statements).toBeLessThanOrEqual(20);
  });
});
