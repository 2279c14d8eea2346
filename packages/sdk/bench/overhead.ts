import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { caseManagement, headExamples } from '@brygga/contract-case-management';
import { createClient } from '../src/index.ts';

export interface OverheadSamples {
  /** Milliseconds per call with a bare `fetch` + `response.json()`. */
  readonly rawMs: readonly number[];
  /** Milliseconds per call through the SDK client (same request, same server). */
  readonly sdkMs: readonly number[];
  /** sdk − raw of each interleaved pair: the client-side overhead, with the network noise paired out. */
  readonly differenceMs: readonly number[];
}

/**
 * One GET, answered by a node:http server on 127.0.0.1 with a small JSON body and the gateway's headers, called
 * `calls` times each way, interleaved (raw, SDK, SDK, raw, …) so drift hits both equally. `performance.now()`
 * gives sub-millisecond resolution. Warm-up calls are not counted.
 */
export async function measureOverhead(calls: number): Promise<OverheadSamples> {
  const body = JSON.stringify(headExamples.getCaseStatus.response.body);
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'x-request-id': 'bench',
      'brygga-version': '2026-11-01',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createClient({
    gatewayUrl,
    contract: caseManagement,
    version: '2026-11-01',
    accessToken: 'bench',
  });
  const url = `${gatewayUrl}/api/case-management/cases/BN-2026-001234/status`;
  const raw = async () => {
    const response = await fetch(url, {
      headers: { authorization: 'Bearer bench', 'brygga-version': '2026-11-01' },
    });
    return response.json();
  };
  const sdk = () => client.getCaseStatus({ params: { caseId: 'BN-2026-001234' } });
  const time = async (call: () => Promise<unknown>) => {
    const started = performance.now();
    await call();
    return performance.now() - started;
  };
  try {
    for (let index = 0; index < 300; index++) {
      await raw();
      await sdk();
    }
    const rawMs: number[] = [];
    const sdkMs: number[] = [];
    for (let index = 0; index < calls; index++) {
      if (index % 2 === 0) {
        rawMs.push(await time(raw));
        sdkMs.push(await time(sdk));
      } else {
        sdkMs.push(await time(sdk));
        rawMs.push(await time(raw));
      }
    }
    return { rawMs, sdkMs, differenceMs: sdkMs.map((ms, index) => ms - (rawMs[index] as number)) };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
