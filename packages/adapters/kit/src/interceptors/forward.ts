import type { DispatchController, DispatchHandler } from './types.ts';

/** Passes every callback on unchanged: interceptors that only watch a call extend it and override one method. */
export class Forward implements DispatchHandler {
  protected readonly handler: DispatchHandler;

  constructor(handler: DispatchHandler) {
    this.handler = handler;
  }

  onRequestStart(controller: DispatchController, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
  }

  onResponseStart(controller: DispatchController, status: number, headers: never, message?: string): void {
    this.handler.onResponseStart?.(controller, status, headers, message);
  }

  onResponseData(controller: DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: DispatchController, trailers: never): void {
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: DispatchController, error: Error): void {
    this.handler.onResponseError?.(controller, error);
  }
}
