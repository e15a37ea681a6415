/**
 * The Manage sandbox: a stand-in ConnectWise Manage server with demo data (see README.md).
 */

export {
  BROKEN_DEMO_INVOICES,
  DUBLIN,
  demoScenario,
  walkthroughScenario,
  withDublinCompany,
  withExtraInvoices,
} from './demo.ts';
export type { Faults } from './faults.ts';
export { sequentialRoundTrips } from './request-log.ts';
export { parseScenario, type Scenario, type ScenarioInput, ScenarioSchema } from './scenario.ts';
export { createSandbox, type RequestLogEntry, type Sandbox, type SandboxOptions } from './server.ts';
export type { SandboxState } from './state.ts';
