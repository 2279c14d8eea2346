import type { Dispatcher } from 'undici';

/** An undici interceptor: `dispatch => (opts, handler) => dispatch(opts, wrapped)`. */
export type Interceptor = Dispatcher.DispatcherComposeInterceptor;
export type Dispatch = Dispatcher['dispatch'];
export type DispatchOptions = Dispatcher.DispatchOptions;
export type DispatchHandler = Dispatcher.DispatchHandler;
export type DispatchController = Dispatcher.DispatchController;
