export {
  attachLifecycle,
  createLifecycle,
  type Lifecycle,
  type LifecycleState,
  lifecycleOf,
} from './lifecycle.ts';
export {
  defaultShutdownGraceMs,
  type RunningServer,
  ShutdownError,
  type ShutdownFailure,
  type StartServerOptions,
  startServer,
} from './serve.ts';
export { installShutdownHandlers, type ShutdownHandlerOptions } from './shutdown.ts';
