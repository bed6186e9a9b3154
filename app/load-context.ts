/** What the server passes to every loader and action besides the request. */
export interface CyberBasicsLoadContext {
  /** The client's address as the server saw it (behind a proxy, only if TRUST_PROXY is set). */
  clientIp: string;
  /**
   * True when Remix renders this request as a whole HTML page, false for the .data fetch of a
   * client-side navigation. Unset (tests calling loaders) counts as false.
   */
  documentRequest?: boolean;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends CyberBasicsLoadContext {}
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends CyberBasicsLoadContext {}
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
