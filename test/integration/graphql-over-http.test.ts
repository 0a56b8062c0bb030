import { serverAudits } from 'graphql-http';
import { useTestApi } from '../helpers/test-api';

const api = useTestApi();

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

describe('operation names and the compiled-operation cache', () => {
  const QUERY = '{ minerals { edges { node { code } } } }';
  const post = async (body: unknown) => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('a name no operation has (the empty one too) is OPERATION_RESOLUTION_FAILURE, even after the same document ran without a name', async () => {
    const unnamed = await post({ query: QUERY });
    expect(unnamed.body.data.minerals.edges.length).toBeGreaterThan(0);
    for (const operationName of ['', 'Missing']) {
      for (const body of [{ query: QUERY, operationName }, [{ query: QUERY, operationName }]]) {
        const answer = await post(body);
        expect(answer.status).toBe(200);
        const [result] = Array.isArray(answer.body) ? answer.body : [answer.body];
        expect(result.data).toBeUndefined();
        expect(result.errors).toEqual([
          { message: `Unknown operation named "${operationName}".`, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } },
        ]);
      }
    }
  });

  it('runs the operation the name picks, in one document with several', async () => {
    const document = 'query A { minerals { edges { node { code } } } } query B { countries(first: 1) { totalCount } }';
    const a = await post({ query: document, operationName: 'A' });
    const b = await post({ query: document, operationName: 'B' });
    expect(Object.keys(a.body.data)).toEqual(['minerals']);
    expect(Object.keys(b.body.data)).toEqual(['countries']);
  });
});
