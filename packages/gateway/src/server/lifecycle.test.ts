import { describe, expect, it } from 'vitest';
import { attachLifecycle, createLifecycle, lifecycleOf } from './lifecycle.ts';

describe('createLifecycle', () => {
  it('moves forward through starting, ready, draining and stopped', () => {
    const lifecycle = createLifecycle();
    expect([lifecycle.state, lifecycle.ready, lifecycle.acceptsRequests]).toEqual(['starting', false, true]);
    lifecycle.markReady();
    expect([lifecycle.state, lifecycle.ready, lifecycle.acceptsRequests]).toEqual(['ready', true, true]);
    lifecycle.beginDraining();
    expect([lifecycle.state, lifecycle.ready, lifecycle.acceptsRequests]).toEqual(['draining', false, false]);
    lifecycle.markStopped();
    expect([lifecycle.state, lifecycle.ready, lifecycle.acceptsRequests]).toEqual(['stopped', false, false]);
  });

  it('never moves back', () => {
    const lifecycle = createLifecycle('ready');
    lifecycle.beginDraining();
    lifecycle.markReady();
    expect(lifecycle.state).toBe('draining');
  });

  it('can drain before it was ever ready', () => {
    const lifecycle = createLifecycle();
    lifecycle.beginDraining();
    expect(lifecycle.state).toBe('draining');
  });

  it('remembers which lifecycle an app reads', () => {
    const app = {};
    const lifecycle = createLifecycle();
    attachLifecycle(app, lifecycle);
    expect(lifecycleOf(app)).toBe(lifecycle);
    expect(lifecycleOf({})).toBeUndefined();
  });
});
