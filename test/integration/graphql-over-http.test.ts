import { serverAudits } from 'graphql-http';
import { startTestApi, TestApi } from '../helpers/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/**
 * The GraphQL-over-HTTP audit suite shipped in graphql-http, against the real server:
 * every MUST and SHOULD. (MAY audits on GET requests are left out: Apollo's CSRF
 * prevention, which stays on, refuses GETs without a preflight header.)
 */
describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  const audits = serverAudits({ url: () => api.url, fetchFn: fetch }).filter((audit) => !audit.name.startsWith('MAY'));
  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') throw new Error(`${result.status}: ${result.reason}`);
  });

  it('runs every MUST and SHOULD audit', () => {
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(audits.filter((audit) => audit.name.startsWith('SHOULD')).length).toBeGreaterThan(5);
  });
});
