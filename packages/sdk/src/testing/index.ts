/**
 * @brygga/sdk/testing: msw handlers generated from a contract, so an e-service is tested with no gateway.
 * Needs `msw` (3.x) installed beside the SDK.
 */
export { type ExampleResponse, type MockGatewayOptions, mockGateway, mockOperation } from './handlers.ts';
export { type CustomScenario, type Scenario, scenarioHeader } from './scenarios.ts';
export { ExampleSynthesisError, exampleFromSchema } from './synthesise.ts';
