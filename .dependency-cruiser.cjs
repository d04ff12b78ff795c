/**
 * The dependency rule (npm run lint): dependencies point inward. The domain knows no adapter, SDK, file
 * system, HTTP or deployment detail; the browser code reaches only the domain; nothing reaches into the
 * benchmark or the command-line scripts; and no module depends on itself through others.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes both modules one; split out what they share.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment: 'The domain (records, schemas, clock, screening rules, permits) holds rules only: no adapters, use cases, HTTP or deployment.',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(adapters|use-cases|http|deployment)|functions|infra|web|scripts|bench)/' },
    },
    {
      name: 'domain-without-io',
      severity: 'error',
      comment: 'No SDK, Powertools, middy or file system in the domain: it must run in a browser and in a test without endpoints.',
      from: { path: '^shared/domain/' },
      to: { path: '(^|/)node_modules/(@aws-sdk|@aws-lambda-powertools|@middy)/|^(node:)?fs(/promises)?$|^(node:)?(child_process|net|http|https)$'},
    },
    {
      name: 'web-reaches-only-the-domain',
      severity: 'error',
      comment: 'The pages are bundled for the browser: from shared/ they import the domain (schemas, rules) and nothing that talks to AWS.',
      from: { path: '^web/src/' },
      to: { path: '^(shared/(adapters|use-cases|deployment)|shared/http/(http|core|auth)\\.ts|functions|infra|scripts|bench)/?' },
    },
    {
      name: 'web-without-confusables-data',
      severity: 'error',
      comment: 'The confusables data (about 100 KB) is for screening; the pages never need name skeletons.',
      from: { path: '^web/src/' },
      to: { path: '^shared/domain/normalise\\.ts$|(^|/)node_modules/unhomoglyph/' },
    },
    {
      name: 'web-without-server-packages',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-without-aws',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '(^|/)node_modules/(@aws-sdk|@aws-lambda-powertools|@middy|aws-cdk-lib)/' },
    },
    {
      name: 'nothing-imports-bench-or-scripts',
      severity: 'error',
      comment: 'bench/ and scripts/ are entry points: what they share with the service belongs in shared/, infra/ or web/.',
      from: { pathNot: '^(bench|scripts)/' },
      to: { path: '^(bench|scripts)/' },
    },
    {
      name: 'handlers-are-leaves',
      severity: 'error',
      comment: 'A function handler is an entry point; shared code never imports one.',
      from: { pathNot: '^(functions|test|infra/local)/' },
      to: { path: '^functions/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      comment: 'aws-lambda is types only (@types/aws-lambda).',
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|web/dist|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
