import path from 'node:path';
import { Router } from 'express';

/** Explorer assets, installed from npm and served by the API itself: no CDN, works offline. */
const ASSETS: Record<string, { packageName: string; file: string; type: string }> = {
  'react.js': { packageName: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { packageName: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { packageName: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

const DEFAULT_QUERY = `# Critical-minerals commitments of G7 members and partners.
# Press the run button (or Ctrl-Enter) to send the query.
{
  countries(first: 20) {
    totalCount
    edges {
      node {
        code
        name
        commitments(first: 5) {
          edges { node { title kind status } }
        }
      }
    }
  }
}
`;

function page(endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Critical Minerals Commitments API – explorer</title>
  <link rel="stylesheet" href="/explorer/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #explorer { height: 100vh; }</style>
</head>
<body>
  <div id="explorer">Loading the explorer…</div>
  <script src="/explorer/react.js"></script>
  <script src="/explorer/react-dom.js"></script>
  <script src="/explorer/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    ReactDOM.createRoot(document.getElementById('explorer')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}

/** GET / serves GraphiQL against /graphql; its assets come from node_modules. */
export function explorerRoutes(endpoint = '/graphql'): Router {
  const router = Router();
  const html = page(endpoint);
  router.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  router.get('/explorer/:asset', (req, res, next) => {
    const asset = ASSETS[req.params.asset];
    if (!asset || !Object.hasOwn(ASSETS, req.params.asset)) return next();
    const file = path.join(path.dirname(require.resolve(`${asset.packageName}/package.json`)), asset.file);
    res.type(asset.type).setHeader('cache-control', 'public, max-age=86400');
    res.sendFile(file);
  });
  return router;
}
