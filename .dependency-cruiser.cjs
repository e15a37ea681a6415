/** Dependency direction of the house rules (ARCHITECTURE.md): adapters -> bot -> core; nothing points outward. */
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
      to: { path: '^(adapters|bot|cards)/' },
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
      name: 'no-unresolvable',
      comment: 'An import that does not resolve is a bug (or a missing dependency).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
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
