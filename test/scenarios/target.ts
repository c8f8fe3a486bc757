import type { ApiResponse, CallOptions, makeFactories } from '../support/factories.js';

/** What a scenario needs from a runtime: the HTTP calls, the factories, and a way to stop it. */
export interface Target {
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  make: ReturnType<typeof makeFactories>['make'];
  expectStatus: ReturnType<typeof makeFactories>['expectStatus'];
  close(): unknown;
}
