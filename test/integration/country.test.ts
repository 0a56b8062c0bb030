import { dataOf, useTestApi } from '../helpers/test-api';

const api = useTestApi();

const SEEDED_CODES = ['AU', 'CA', 'CN', 'DE', 'EU', 'FR', 'GB', 'IN', 'IT', 'JP', 'KR', 'MX', 'US'];

describe('countries', () => {
  it('lists every seeded country by code, with a total', async () => {
    const data = dataOf(await api.graphql('{ countries(first: 100) { totalCount edges { node { code name kind } } } }'));
    expect(data.countries.totalCount).toBe(13);
    expect(data.countries.edges.map((e: any) => e.node.code)).toEqual(SEEDED_CODES);
    expect(data.countries.edges.find((e: any) => e.node.code === 'EU').node).toEqual({
      code: 'EU',
      name: 'European Union',
      kind: 'ECONOMIC_UNION',
    });
  });

  it('pages forward with first/after until hasNextPage is false', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = dataOf(
        await api.graphql(
          'query($after: String) { countries(first: 5, after: $after) { edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
          { after },
        ),
      );
      const { edges, pageInfo } = data.countries;
      pages += 1;
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      expect(pageInfo.endCursor).toBe(edges[edges.length - 1].cursor);
      seen.push(...edges.map((e: any) => e.node.code));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(SEEDED_CODES);
  });

  it('pages backward with last/before', async () => {
    const last = dataOf(
      await api.graphql('{ countries(last: 3) { edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor } } }'),
    );
    expect(last.countries.edges.map((e: any) => e.node.code)).toEqual(['KR', 'MX', 'US']);
    expect(last.countries.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = dataOf(
      await api.graphql(
        'query($before: String) { countries(last: 2, before: $before) { edges { node { code } } pageInfo { hasNextPage hasPreviousPage } } }',
        {
          before: last.countries.pageInfo.startCursor,
        },
      ),
    );
    expect(before.countries.edges.map((e: any) => e.node.code)).toEqual(['IT', 'JP']);
    expect(before.countries.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it('returns an empty page after the last item', async () => {
    const last = dataOf(await api.graphql('{ countries(last: 1) { pageInfo { endCursor } } }'));
    const data = dataOf(
      await api.graphql(
        'query($after: String) { countries(first: 10, after: $after) { edges { node { code } } pageInfo { hasNextPage endCursor } } }',
        { after: last.countries.pageInfo.endCursor },
      ),
    );
    expect(data.countries.edges).toEqual([]);
    expect(data.countries.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('filters by codes (case-insensitive), kinds and alliance membership, MEMBERs only', async () => {
    const codesOf = async (filter: unknown) =>
      dataOf(
        await api.graphql(
          'query($filter: CountryFilter) { countries(filter: $filter, first: 100) { totalCount edges { node { code } } } }',
          { filter },
        ),
      ).countries;
    expect(await codesOf({ codes: ['jp', 'IN', 'ZZ'] })).toEqual({
      totalCount: 2,
      edges: [{ node: { code: 'IN' } }, { node: { code: 'JP' } }],
    });
    expect(await codesOf({ kinds: ['ECONOMIC_UNION'] })).toEqual({ totalCount: 1, edges: [{ node: { code: 'EU' } }] });
    // India is only invited to Pax Silica.
    expect(await codesOf({ allianceCodes: ['PAX_SILICA'] })).toEqual({ totalCount: 1, edges: [{ node: { code: 'US' } }] });
    expect((await codesOf({ allianceCodes: ['g7'] })).edges.map((e: any) => e.node.code)).toEqual([
      'CA',
      'DE',
      'FR',
      'GB',
      'IT',
      'JP',
      'US',
    ]);
    expect(await codesOf({ allianceCodes: ['G7'], codes: ['US', 'IN'] })).toEqual({ totalCount: 1, edges: [{ node: { code: 'US' } }] });
  });

  it('orders by name either way and pages through that order with its cursors', async () => {
    const BY_NAME = ['AU', 'CA', 'CN', 'EU', 'FR', 'DE', 'IN', 'IT', 'JP', 'MX', 'KR', 'GB', 'US'];
    const query =
      'query($orderBy: CountryOrder, $after: String) { countries(orderBy: $orderBy, first: 5, after: $after) { edges { node { code } } pageInfo { endCursor hasNextPage } } }';
    for (const [direction, expected] of [
      ['ASC', BY_NAME],
      ['DESC', [...BY_NAME].reverse()],
    ] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = dataOf(await api.graphql(query, { orderBy: { field: 'NAME', direction }, after })).countries;
        seen.push(...page.edges.map((e: any) => e.node.code));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    }
    const byCode: any = dataOf(await api.graphql('{ countries(first: 1) { pageInfo { endCursor } } }')).countries;
    const foreign = await api.graphql(query, { orderBy: { field: 'NAME', direction: 'ASC' }, after: byCode.pageInfo.endCursor });
    expect(foreign.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('accepts exactly 1 and 100 as page sizes', async () => {
    const one = dataOf(await api.graphql('{ countries(first: 1) { edges { node { code } } pageInfo { hasNextPage } } }'));
    expect(one.countries.edges).toHaveLength(1);
    expect(one.countries.pageInfo.hasNextPage).toBe(true);
    const hundred = dataOf(await api.graphql('{ countries(first: 100) { edges { node { code } } pageInfo { hasNextPage } } }'));
    expect(hundred.countries.edges).toHaveLength(13);
    expect(hundred.countries.pageInfo.hasNextPage).toBe(false);
  });
});

describe('country(code)', () => {
  it('finds a country by code, case-insensitively', async () => {
    const data = dataOf(await api.graphql('{ country(code: "in") { code name kind } }'));
    expect(data.country).toEqual({ code: 'IN', name: 'India', kind: 'COUNTRY' });
  });

  it('answers null, without an error, for a well-formed code that is not tracked', async () => {
    const response = await api.graphql('{ country(code: "ZZ") { code } india: country(code: "IN") { code } }');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { country: null, india: { code: 'IN' } } });
  });

  it('answers BAD_USER_INPUT for something that is not an ISO code', async () => {
    const response = await api.graphql('{ country(code: "India") { code } }');
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toContain('"India" is not an ISO 3166-1 alpha-2 country code');
  });

  it("lists India's commitments, memberships and (no) projects", async () => {
    const data = dataOf(
      await api.graphql(`{ country(code: "IN") {
        commitments(first: 20) { totalCount edges { node { title kind status } } }
        projects { totalCount edges { node { name } } }
        memberships { totalCount edges { node { status startsOn alliance { code name } country { code } } } }
      } }`),
    );
    const titles = data.country.commitments.edges.map((e: any) => e.node.title);
    expect(data.country.commitments.totalCount).toBe(2);
    expect(titles.sort()).toEqual([
      'India–Germany MoU on critical minerals, semiconductors and renewables',
      'Invite India to join Pax Silica as a full member',
    ]);
    expect(data.country.projects).toEqual({ totalCount: 0, edges: [] });
    // India is neither invited to Pax Silica nor a member yet: the invitation is only announced (a commitment of the US).
    expect(data.country.memberships).toEqual({ totalCount: 0, edges: [] });
  });

  it("filters a country's commitments", async () => {
    const data = dataOf(
      await api.graphql('{ country(code: "IN") { commitments(filter: { kinds: [POLICY] }) { totalCount edges { node { title } } } } }'),
    );
    expect(data.country.commitments.totalCount).toBe(1);
    expect(data.country.commitments.edges[0].node.title).toMatch(/India–Germany MoU/);
  });
});
