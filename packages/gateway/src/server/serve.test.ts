import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import { connectionError, send } from '../../test/fixtures/http-client.ts';
import { createApp } from '../http/app.ts';
import { createLifecycle } from './lifecycle.ts';
import { type RunningServer, ShutdownError, startServer } from './serve.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** An app with a route whose requests wait, in flight, until the test releases them. */
function slowApp() {
  const logs = captureLogs();
  const lifecycle = createLifecycle();
  const app = createApp({ logger: logs.logger, lifecycle });
  let releaseAll: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    releaseAll = resolve;
  });
  const started: (() => void)[] = [];
  let startedCount = 0;
  const markStarted = () => {
    startedCount += 1;
    for (const notify of started.splice(0)) notify();
  };
  app.get('/slow', async (c) => {
    markStarted();
    await released;
    return c.json({ done: true });
  });
  app.get('/hang', () => {
    markStarted();
    return new Promise<Response>(() => {});
  });
  app.get('/fast', (c) => c.json({ fast: true }));
  const untilStarted = async (count: number) => {
    while (startedCount < count) await new Promise<void>((resolve) => started.push(resolve));
  };
  return { app, logs, lifecycle, release: () => releaseAll(), untilStarted };
}

async function start(
  app: ReturnType<typeof slowApp>['app'],
  options: { graceMs?: number; onClose?: () => unknown } = {},
) {
  const logs = captureLogs();
  const server = await startServer({
    app,
    port: 0,
    logger: logs.logger,
    shutdownGraceMs: options.graceMs ?? 5000,
    onClose: options.onClose,
  });
  cleanups.push(() => server.close('cleanup').catch(() => {}));
  return { server, logs };
}

/** A raw connection, to control exactly when the bytes of a request arrive. */
async function rawConnection(server: RunningServer) {
  const serverSide = new Promise<Socket>((resolve) => server.nodeServer.once('connection', resolve));
  const socket = connect(server.port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('utf8');
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const peer = await serverSide;
  return {
    /** Writes and waits until the server has read the bytes. */
    async write(text: string) {
      const before = peer.bytesRead;
      socket.write(text);
      while (peer.bytesRead < before + Buffer.byteLength(text))
        await new Promise((resolve) => setImmediate(resolve));
    },
    closed,
    received: () => received,
  };
}

describe('startServer', () => {
  it('listens, serves the app and marks the lifecycle ready', async () => {
    const { app, lifecycle } = slowApp();
    expect(lifecycle.state).toBe('starting');
    const { server, logs } = await start(app);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.lifecycle).toBe(lifecycle);
    expect(lifecycle.state).toBe('ready');
    expect((await send(`${server.url}/fast`)).json()).toEqual({ fast: true });
    expect(logs.entries()).toContainEqual(expect.objectContaining({ msg: 'listening', address: server.url }));
  });

  it('rejects when it cannot listen', async () => {
    const { server } = await start(slowApp().app);
    await expect(
      startServer({ app: slowApp().app, port: server.port, logger: captureLogs().logger }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('RunningServer.close', () => {
  it('drains: in-flight requests finish, new connections are refused, late requests get shutting_down', async () => {
    const { app, lifecycle, release, untilStarted } = slowApp();
    let closedStore = 0;
    const { server } = await start(app, {
      onClose: () => {
        closedStore += 1;
      },
    });

    const keptAlive = new Agent({ keepAlive: true });
    cleanups.push(() => keptAlive.destroy());
    expect((await send(`${server.url}/fast`, { agent: keptAlive })).status).toBe(200);
    const inFlight = [
      send(`${server.url}/slow`, { agent: false }),
      send(`${server.url}/slow`, { agent: false }),
    ];
    await untilStarted(2);
    // A kept-alive client that has begun its next request when the drain starts.
    const late = await rawConnection(server);
    await late.write('GET /fast HTTP/1.1\r\nHost: brygga\r\n');

    const closing = server.close('test');
    expect(server.close('again')).toBe(closing);
    expect(lifecycle.state).toBe('draining');
    expect((await app.request('/health/ready')).status).toBe(503);
    expect(await connectionError(`${server.url}/fast`)).toBe('ECONNREFUSED');

    await late.write('\r\n');
    await late.closed;
    expect(late.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(late.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(late.received()).toContain('"code":"shutting_down"');

    expect(closedStore).toBe(0);
    release();
    for (const res of await Promise.all(inFlight)) {
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ done: true });
      expect(res.headers.connection).toBe('close');
    }
    await closing;
    expect(closedStore).toBe(1);
    expect(lifecycle.state).toBe('stopped');
  });

  it('destroys what is still running when the grace period ends, still closes the store, and rejects', async () => {
    const { app, untilStarted } = slowApp();
    let closedStore = 0;
    const { server } = await start(app, {
      graceMs: 50,
      onClose: () => {
        closedStore += 1;
      },
    });
    const hanging = send(`${server.url}/hang`, { agent: false });
    const outcome = hanging.then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await untilStarted(1);
    const error = await server.close('test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShutdownError);
    expect((error as ShutdownError).reason).toBe('grace_period_exceeded');
    expect(closedStore).toBe(1);
    expect(await outcome).toBe('ECONNRESET');
  });

  it('rejects when onClose fails, keeping the cause', async () => {
    const failure = new Error('store would not close');
    const { server } = await start(slowApp().app, {
      onClose: () => {
        throw failure;
      },
    });
    const error = (await server.close().catch((e: unknown) => e)) as ShutdownError;
    expect(error.reason).toBe('on_close_failed');
    expect(error.cause).toBe(failure);
    expect(server.lifecycle.state).toBe('stopped');
  });
});
