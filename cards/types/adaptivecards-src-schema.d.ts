// adaptivecards-templating's typings import 'adaptivecards/src/schema', a TypeScript *source* file of
// adaptivecards that does not type-check under this project's settings. tsconfig maps that path here.
export type IAdaptiveCard = Record<string, unknown>;
