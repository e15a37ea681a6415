/**
 * Dependency direction of the house rules (README.md, "How it is built"): adapters -> bot -> core, storage implements
 * ports that core and bot declare, adapters/app composes; no circles, no imports of test/ outside it, no orphans.
 */
const chatSdks =
  '^(botbuilder|botbuilder-.*|botframework-.*|@slack/.*|restify|adaptivecards|adaptivecards-templating|adaptive-expressions)$';
module.exports = {
  forbidden: [
    {
      name: 'core-no-chat-sdk',
      comment: 'core/ is the business; it must not know any chat platform, web framework or card library.',
      severity: 'error',
      from: { path: '^core/' },
      to: {
        dependencyTypes: [
          'npm',
          'npm-dev',
          'npm-optional',
          'npm-peer',
          'npm-no-pkg',
          'npm-unknown',
          'unknown',
          'undetermined',
        ],
        path: chatSdks,
      },
    },
    {
      name: 'core-no-chat-sdk-path',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '(^|/)node_modules/(botbuilder|botframework-|@slack/|restify|adaptivecards|adaptive-expressions)' },
    },
    {
      name: 'core-not-outward',
      comment: 'core/ must not import the bot, cards, adapters or storage implementations.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(adapters|bot|cards|storage)/' },
    },
    {
      name: 'bot-no-storage',
      comment: 'bot/ declares its stores as ports (bot/ports.ts) and receives them from the composition root.',
      severity: 'error',
      from: { path: '^bot/' },
      to: { path: '^storage/' },
    },
    {
      name: 'bot-no-platform-sdk',
      comment: 'bot/ is platform-neutral: no Teams or Slack SDK, no web framework.',
      severity: 'error',
      from: { path: '^bot/' },
      to: { path: '(^|/)node_modules/(botbuilder|botframework-|@slack/|restify)' },
    },
    {
      name: 'bot-no-adapters',
      severity: 'error',
      from: { path: '^bot/' },
      to: { path: '^adapters/' },
    },
    {
      name: 'cards-no-platform',
      severity: 'error',
      from: { path: '^cards/' },
      to: { path: '(^|/)node_modules/(botbuilder|botframework-|@slack/|restify)|^adapters/|^bot/' },
    },
    {
      name: 'storage-no-chat',
      severity: 'error',
      from: { path: '^storage/' },
      to: { path: '(^|/)node_modules/(botbuilder|botframework-|@slack/|restify)|^adapters/' },
    },
    {
      name: 'botbuilder-only-in-teams-adapter',
      comment:
        'botbuilder is in maintenance: keep it (and restify) inside adapters/teams so moving to its successor touches only that folder.',
      severity: 'error',
      from: { pathNot: '^adapters/teams/' },
      to: { path: '(^|/)node_modules/(botbuilder|botframework-|restify)' },
    },
    {
      name: 'slack-sdk-only-in-slack-adapter',
      severity: 'error',
      from: { pathNot: '^adapters/slack/' },
      to: { path: '(^|/)node_modules/@slack/' },
    },
    {
      name: 'only-the-root-composes',
      comment:
        'adapters/app is the composition root: the CLI, the tests and the benchmarks use it; core, bot, cards, storage and the chat adapters do not.',
      severity: 'error',
      from: { path: '^(core|bot|cards|storage|adapters/(teams|slack))/' },
      to: { path: '^adapters/app/' },
    },
    {
      name: 'no-circular',
      comment: 'A circle of imports (type-only ones too) means two modules are one; split out what they share.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-import',
      comment: 'Nothing outside test/ imports test/ (the benchmarks included): test code may change with any test.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-orphans',
      comment:
        'A module with no imports either way is dead code, or a list its users do not read. Exempt: type declarations (tsc reads them) and the web-chat page scripts (served to the browser).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: ['\\.d\\.ts$', '^adapters/teams/webchat/public/'],
      },
      to: {},
    },
    {
      name: 'no-unresolvable',
      comment:
        'An import that does not resolve is a bug (or a missing dependency). Exempt: the built dist/ that a benchmark child process runs (bench/plain-client.mjs; it exists once npm run build has run).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^\\.\\./dist/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)test-artifacts/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
  },
};
