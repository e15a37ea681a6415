/**
 * The Manage sandbox: a stand-in ConnectWise Manage server with demo data (see README.md).
 */
export { createSandbox, type Sandbox, type SandboxOptions, type RequestLogEntry } from './server.ts';
export { BROKEN_DEMO_INVOICES, demoScenario, walkthroughScenario, withExtraInvoices } from './demo.ts';
export { parseScenario, ScenarioSchema, type Scenario, type ScenarioInput } from './scenario.ts';
export type { Faults } from './faults.ts';
export type { SandboxState } from './state.ts';
